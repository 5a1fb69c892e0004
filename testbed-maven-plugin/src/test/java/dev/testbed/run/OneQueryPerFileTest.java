package dev.testbed.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import dev.testbed.compile.Target;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.TestbedException;
import dev.testbed.results.RunResult;
import dev.testbed.results.TestRunResult;
import dev.testbed.results.TestStatus;
import dev.testbed.task.RunModelsTask;
import dev.testbed.task.VerifyMetricsTask;
import dev.testbed.tests.TestRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model, singular test or generic test is one query: a second statement is refused before anything runs, over a real
 * DuckLake whose raw table it tries to drop.
 */
class OneQueryPerFileTest {

    private static final String EVIL = "select 1 as x; drop table lake.raw.events; --\n";

    @TempDir
    Path work;
    EventsProject events;

    @BeforeEach
    void createLakeWithEventsAndAModelBeforeTheOthers() throws Exception {
        events = EventsProject.create(work);
        write("models/a_first.sql", "{{ config(materialized='table') }}\nselect id from {{ source('raw', 'events') }}\n");
    }

    @Test
    void aModelWithASecondStatementFailsTheRunBeforeAnyModelRuns() throws Exception {
        write("models/evil.sql", EVIL);
        long snapshots = snapshots();

        TestbedException e = assertThrows(TestbedException.class, this::run);

        assertTrue(e.getMessage().startsWith("models/evil.sql (model evil): it must be one query (a select), but DuckDB found 2 statements; "
                + "the second is a DROP."), e.getMessage());
        assertTrue(e.suggestion().contains("one select statement"), e.suggestion());
        assertEquals(List.of(List.of("10")), TestData.rows(events.location(), "SELECT count(*) FROM lake.raw.events"), "raw_sales' stand-in is intact");
        assertEquals(snapshots, snapshots(), "no snapshot: not even the model before it in order was built");
        assertFalse(TestData.tableExists(events.location(), "main", "a_first"));
    }

    @Test
    void aSecondStatementInAnIncrementalBranchIsRefusedOnTheFirstRunToo() throws Exception {
        write("models/log.sql", """
                {{ config(materialized='incremental') }}
                select id from {{ source('raw', 'events') }}
                {% if is_incremental() %} where id > (select max(id) from {{ this }}); delete from {{ this }} {% endif %}
                """);

        TestbedException e = assertThrows(TestbedException.class, this::run);

        assertTrue(e.getMessage().startsWith("models/log.sql (model log): it must be one query (a select), but DuckDB found 2 statements; "
                + "the second is a DELETE."), e.getMessage());
    }

    @Test
    void everyRefusedFileIsNamedAndSyntaxErrorsComeWithDuckDbsLine() throws Exception {
        write("models/evil.sql", EVIL);
        write("models/typo.sql", "select id\nfrom {{ source('raw', 'events') }}\nwhere id = = 2\n");
        long snapshots = snapshots();

        TestbedException e = assertThrows(TestbedException.class, this::run);

        String nl = System.lineSeparator();
        assertTrue(e.getMessage().startsWith("2 files are not one query:" + nl + "  models/evil.sql (model evil): "), e.getMessage());
        assertTrue(e.getMessage().contains("  models/typo.sql (model typo): DuckDB cannot parse it: syntax error at or near \"=\"" + nl
                + "LINE 3: where id = = 2" + nl + "                   ^"), e.getMessage());
        assertEquals(snapshots, snapshots());
    }

    @Test
    void aTrailingSemicolonAndCommentsAfterOneQueryAreAcceptedInEveryMaterialization() throws Exception {
        write("models/with_semicolon.sql", "{{ config(materialized='table') }}\nselect id from {{ source('raw', 'events') }}; -- done\n");
        write("models/semicolon_view.sql", "select id from {{ ref('with_semicolon') }} where id > 5;\n/* the end */\n");
        write("models/eph.sql", "{{ config(materialized='ephemeral') }}\nselect id from {{ source('raw', 'events') }} -- no newline;");
        write("models/uses_eph.sql", "{{ config(materialized='table') }}\nselect count(*) as n from {{ ref('eph') }};");
        write("models/inc.sql", """
                {{ config(materialized='incremental') }}
                select id from {{ source('raw', 'events') }}
                {% if is_incremental() %} where id > (select max(id) from {{ this }}) {% endif %};
                """);

        RunResult first = run();
        TestData.sql(events.location(), "INSERT INTO lake.raw.events VALUES (11, 2, 'v1')");
        RunResult second = run();

        assertFalse(first.failed(), first.toString());
        assertFalse(second.failed(), second.toString());
        assertEquals(List.of(List.of("11", "6", "11", "11")), TestData.rows(events.location(), "SELECT (SELECT count(*) FROM lake.main.with_semicolon), "
                + "(SELECT count(*) FROM lake.main.semicolon_view), (SELECT n FROM lake.main.uses_eph), (SELECT count(*) FROM lake.main.inc)"));
        String compiled = Files.readString(work.resolve("out/compiled/" + projectName() + "/models/with_semicolon.sql"));
        assertFalse(compiled.contains(";"), compiled);
    }

    @Test
    void aSingularTestWithASecondStatementFailsBeforeAnyTestRuns() throws Exception {
        run();
        write("tests/evil_test.sql", "select * from {{ ref('a_first') }} where id < 0; drop table lake.raw.events\n");
        write("tests/passes.sql", "select * from {{ ref('a_first') }} where id < 0;\n");
        long snapshots = snapshots();

        TestbedException e = assertThrows(TestbedException.class, this::verify);

        assertTrue(e.getMessage().startsWith("tests/evil_test.sql (test evil_test on a_first): it must be one query (a select), but DuckDB "
                + "found 2 statements; the second is a DROP."), e.getMessage());
        assertEquals(List.of(List.of("10")), TestData.rows(events.location(), "SELECT count(*) FROM lake.raw.events"));
        assertEquals(snapshots, snapshots());
    }

    @Test
    void aCustomGenericTestWithASecondStatementFailsBeforeAnyTestRuns() throws Exception {
        run();
        positiveTest("select * from {{ model }} where {{ column_name }} <= 0;\ndrop table lake.raw.events;", "- positive\n- not_null");

        TestbedException e = assertThrows(TestbedException.class, this::verify);

        assertTrue(e.getMessage().startsWith("tests/generic/positive.sql (test positive_a_first_id on a_first, column id): it must be one "
                + "query (a select), but DuckDB found 2 statements; the second is a DROP."), e.getMessage());
        assertEquals(List.of(List.of("10")), TestData.rows(events.location(), "SELECT count(*) FROM lake.raw.events"));
    }

    @Test
    void testsEndingInASemicolonAndACommentRunWithTheirLimit() throws Exception {
        run();
        positiveTest("select * from {{ model }} where {{ column_name }} <= 5; -- ids start at 1", "- positive:\n    config: {limit: 2}");
        write("tests/small_ids.sql", "select * from {{ ref('a_first') }} where id <= 3; /* three */");

        TestRunResult result = verify();

        assertEquals(List.of("positive_a_first_id FAIL 2", "small_ids FAIL 3"), result.results().stream()
                .map(t -> t.test().name() + " " + t.status() + " " + t.failures()).sorted().toList());
        assertTrue(result.results().stream().noneMatch(t -> t.status() == TestStatus.ERROR));
    }

    /** The project's generic test {@code positive} with {@code body}, declared on a_first.id by the YAML list {@code tests}. */
    private void positiveTest(String body, String tests) throws IOException {
        write("tests/generic/positive.sql", "{% test positive(model, column_name) %}\n" + body + "\n{% endtest %}\n");
        write("models/schema.yml", """
                version: 2
                models:
                  - name: a_first
                    columns:
                      - name: id
                        data_tests:
                """ + tests.indent(10));
    }

    private RunResult run() {
        RunRequest request = new RunRequest(events.root(), events.location(), new Target("dev", "main", Lake.ALIAS), Map.of(), null, null, false,
                work.resolve("out"));
        return new RunModelsTask(DuckDbSettings.defaults(), TestData.QUIET).run(request);
    }

    private TestRunResult verify() {
        TestRequest request = new TestRequest(events.root(), events.location(), new Target("dev", "main", Lake.ALIAS), Map.of(), null, null, work.resolve("out"));
        return new VerifyMetricsTask(DuckDbSettings.defaults(), TestData.QUIET).run(request);
    }

    private String projectName() throws IOException {
        try (var names = Files.list(work.resolve("out/compiled"))) {
            return names.findFirst().orElseThrow().getFileName().toString();
        }
    }

    private void write(String relative, String text) throws IOException {
        TestData.write(events.root(), relative, text);
    }

    private long snapshots() throws Exception {
        return Long.parseLong(TestData.rows(events.location(), "SELECT count(*) FROM ducklake_snapshots('lake')").get(0).get(0));
    }
}
