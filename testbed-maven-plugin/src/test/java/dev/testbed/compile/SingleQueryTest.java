package dev.testbed.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.TestbedException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What DuckDB 1.5.5's parser takes as one query, and that an accepted body runs as the body of CREATE … AS. */
class SingleQueryTest {

    private static SingleQuery check;
    private static Connection duckdb;

    @BeforeAll
    static void open() throws Exception {
        check = SingleQuery.open(DuckDbSettings.defaults());
        duckdb = TestData.duckdb();
        try (Statement statement = duckdb.createStatement()) {
            statement.execute("CREATE TABLE t AS SELECT range::INT AS x, 'k' || (range % 2) AS y FROM range(4)");
            statement.execute("CREATE MACRO first_n(n) AS TABLE SELECT * FROM range(n)");
        }
    }

    @AfterAll
    static void close() throws Exception {
        check.close();
        duckdb.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "select x from t",
            "select x from t;",
            "select x from t; -- done\n/* really */ ;",
            "with a as (select x from t) select * from a",
            "with recursive r(n) as (select 1 union all select n + 1 from r where n < 3) select * from r",
            "from t",
            "values (1), (2)",
            "select 1 as x union all select 2 order by 1",
            "(select x from t) except (select 1)",
            "pivot t on y in ('k0', 'k1') using sum(x)",
            "unpivot (select x, x as z from t) on x, z into name k value v",
            "select * from first_n(3)",
            "select 'a;b' as s, \"x;\" from (select 1 as \"x;\") -- ;drop",
            "select $$a;b$$ as s, $tag$ ; $tag$ as u",
            "select E'it\\'s; fine' as s",
            "select 1 /* nested /* ; */ comment */ as x",
    })
    void aQueryIsAcceptedAndItsBodyRunsAsATable(String sql) throws Exception {
        String body = check.require("q.sql", sql);

        assertTrue(!body.endsWith(";"), body);
        try (Statement statement = duckdb.createStatement()) {
            statement.execute("CREATE OR REPLACE TABLE created AS " + body);
            statement.execute("CREATE OR REPLACE TABLE wrapped AS SELECT * FROM (\n" + body + "\n)");
            try (ResultSet rows = statement.executeQuery("SELECT (SELECT count(*) FROM created) = (SELECT count(*) FROM wrapped)")) {
                rows.next();
                assertTrue(rows.getBoolean(1), sql);
            }
        }
    }

    /** DuckDB parses them as SELECT statements: harmless, though DuckDB refuses them after CREATE … AS when the model runs. */
    @ParameterizedTest
    @ValueSource(strings = {"describe t", "summarize t", "show tables"})
    void describeAndSummarizeAreQueriesToDuckDbsParser(String sql) {
        assertEquals(sql, check.require("q.sql", sql + ";"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "select 1 as x; drop table t; --       | DuckDB found 2 statements; the second is a DROP.",
            "select 1; select 2                    | DuckDB found 2 statements; each is a query.",
            "select 1; select 2; insert into t values (1, 'a') | DuckDB found 3 statements; the third is an INSERT.",
            "create table u as select 1            | DuckDB found a CREATE statement, which is not a query.",
            "explain select 1                      | DuckDB found an EXPLAIN statement, which is not a query.",
            "-- nothing but a comment              | DuckDB found no statement in it.",
            "pivot t on y using sum(x)             | it is a PIVOT without an IN list, which DuckDB runs as two statements",
    })
    void anythingElseIsRefusedSayingWhatWasFound(String sql, String found) throws Exception {
        TestbedException e = assertThrows(TestbedException.class, () -> check.require("models/m.sql (model m)", sql));

        assertTrue(e.getMessage().startsWith("models/m.sql (model m): it must be one query (a select), but " + found), e.getMessage());
        assertTrue(e.suggestion().contains("It was not run."), e.suggestion());
        try (Statement statement = duckdb.createStatement(); ResultSet rows = statement.executeQuery("SELECT count(*) FROM t")) {
            rows.next();
            assertEquals(4, rows.getLong(1), "parsing ran nothing");
        }
    }

    @Test
    void aSyntaxErrorGivesDuckDbsMessageAndLine() {
        TestbedException e = assertThrows(TestbedException.class, () -> check.require("models/m.sql (model m)", "select 'é' as x\nfro t"));

        String nl = System.lineSeparator();
        assertEquals("models/m.sql (model m): DuckDB cannot parse it: syntax error at or near \"fro\"" + nl + "LINE 2: fro t" + nl
                + "        ^" + nl + "  -> " + e.suggestion(), e.getMessage());
        assertTrue(e.suggestion().startsWith("Fix the SQL at the line shown"), e.suggestion());
        // a character outside the BMP is two Java chars but one character to DuckDB
        TestbedException wide = assertThrows(TestbedException.class, () -> check.require("m.sql", "select '\uD83E\uDD86' as x fro t"));
        String before = "LINE 1: select '\uD83E\uDD86' as x ";
        assertTrue(wide.getMessage().contains(before + "fro t" + nl + " ".repeat(before.length()) + "^"), wide.getMessage());
    }

    @Test
    void aCheckOfItsOwnPreparesItsParseOnceForEveryTextItChecks() {
        try (SingleQuery own = SingleQuery.open(DuckDbSettings.defaults())) {
            for (int i = 0; i < 20; i++) {
                assertEquals("select " + i + " as x", own.check("tests/t" + i + ".sql", "select " + i + " as x;"));
            }
            // refusals and syntax errors are answers of the parse query, not failures of its statement
            assertEquals(null, own.check("tests/two.sql", "select 1; select 2"));
            assertEquals(null, own.check("tests/bad.sql", "selec 1"));
            assertEquals("select 3", own.check("tests/after.sql", "select 3"));

            assertEquals(1, own.preparations(), "the parse query is prepared once, not once per text");
        }
    }
}
