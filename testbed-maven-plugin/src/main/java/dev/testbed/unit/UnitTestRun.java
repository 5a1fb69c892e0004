package dev.testbed.unit;

import dev.testbed.compile.ModelCompiler;
import dev.testbed.compile.Relation;
import dev.testbed.compile.SingleQuery;
import dev.testbed.core.DuckDb;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Sql;
import dev.testbed.core.SqlErrors;
import dev.testbed.core.TestbedException;
import dev.testbed.project.Project;
import dev.testbed.project.SeedFile;
import dev.testbed.project.UnitTestDefinition.Fixture;
import dev.testbed.project.UnitTestDefinition.Format;
import dev.testbed.results.TestResult;
import dev.testbed.results.TestStatus;
import dev.testbed.seeds.SeedCsv;
import dev.testbed.tests.DataTestQueries;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs unit tests the way dbt's {@code unit} materialization does, without touching the lake's tables: the input
 * relations' column types are read from the lake's catalog (the inputs must exist, as in dbt), every fixture row becomes
 * a {@code select} of values cast to those types (columns not given are null), and the model, compiled against the
 * fixture CTEs, runs on an in-memory DuckDB. Its rows are compared with the expected rows, cast to the model's own column
 * types, as multisets over the expected columns; a difference is a FAIL that shows the differing rows.
 */
public final class UnitTestRun {

    private final DuckDbSettings settings;
    private final Project project;
    private final ModelCompiler compiler;
    private final Function<String, String> relations;
    private final Path compiledDir;

    /**
     * @param relations   a model's or seed's relation in the lake (SQL text), by name
     * @param compiledDir where each test's SQL is written, as {@code <model>/<test>.sql}
     */
    public UnitTestRun(DuckDbSettings settings, Project project, ModelCompiler compiler, Function<String, String> relations, Path compiledDir) {
        this.settings = settings;
        this.project = project;
        this.compiler = compiler;
        this.relations = relations;
        this.compiledDir = compiledDir;
    }

    /** Runs {@code test}, reading column types through {@code lake}, a connection that only reads here. */
    public TestResult run(UnitTest test, Connection lake) {
        long start = System.nanoTime();
        if (test.compiledSql() == null) {
            return error(test, test.test().compileError(), start, null);
        }
        String sql = null;
        Path compiled = null;
        try {
            List<String> ctes = new ArrayList<>();
            for (UnitTest.Input input : test.inputs()) {
                ctes.add(input.cte() + " as (\n" + fixtureSql(test, input, lake) + "\n)");
            }
            String model = "(\n" + SingleQuery.withoutTerminator(test.compiledSql()).strip() + "\n)";
            String with = ctes.isEmpty() ? "" : "with " + String.join(",\n", ctes) + "\n";
            try (Connection memory = DuckDb.open(settings)) {
                Map<String, String> actualTypes = describe(memory, with + "select * from " + model + " dbt_internal_unit_test_actual");
                Fixture expect = test.definition().expect();
                List<Map<String, Object>> expectedRows = expect.format() == Format.SQL ? null : rows(test, expect, null);
                List<String> columns = new ArrayList<>();
                if (expectedRows == null || expectedRows.isEmpty()) {
                    actualTypes.keySet().forEach(c -> columns.add(Sql.identifier(c)));
                } else {
                    for (String column : expectedRows.get(0).keySet()) {
                        columns.add(Sql.identifier(known(column, actualTypes, "expected output")));
                    }
                }
                String expected = expect.format() == Format.SQL ? test.expectedSql() : expectedRows.isEmpty()
                        ? "select * from " + model + " x limit 0" : selects(expectedRows, actualTypes, "expected output");
                String list = String.join(", ", columns);
                sql = with + (with.isEmpty() ? "with " : ", ") + "dbt_internal_unit_test_actual as (\n  select " + list + " from " + model
                        + " _dbt_internal_unit_test_actual\n),\ndbt_internal_unit_test_expected as (\n  select " + list + " from (\n" + expected
                        + "\n) _dbt_internal_unit_test_expected\n)\n"
                        + "select '+' as \"+/-\", * from (select * from dbt_internal_unit_test_actual except all select * from dbt_internal_unit_test_expected)\n"
                        + "union all\n"
                        + "select '-', * from (select * from dbt_internal_unit_test_expected except all select * from dbt_internal_unit_test_actual)";
                compiled = write(test, sql);
                List<String> header = new ArrayList<>();
                List<List<String>> diff = new ArrayList<>();
                try (Statement statement = memory.createStatement(); ResultSet rows = statement.executeQuery(sql + "\norder by all")) {
                    for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                        header.add(rows.getMetaData().getColumnLabel(i));
                    }
                    while (rows.next()) {
                        List<String> row = new ArrayList<>();
                        for (int i = 1; i <= header.size(); i++) {
                            Object value = rows.getObject(i);
                            row.add(value == null ? "NULL" : String.valueOf(value));
                        }
                        diff.add(row);
                    }
                }
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                if (diff.isEmpty()) {
                    return new TestResult(test.test(), TestStatus.PASS, 0, List.of(), List.of(), elapsed, "", compiled);
                }
                return new TestResult(test.test(), TestStatus.FAIL, 1, List.copyOf(header), List.copyOf(diff), elapsed,
                        "actual differs from expected (+ a row the model returned that is not expected, - an expected row it did not return)",
                        compiled);
            }
        } catch (FixtureProblem e) {
            return error(test, e.getMessage(), start, compiled);
        } catch (SQLException e) {
            return error(test, "An error occurred during execution of unit test '" + test.definition().name() + "'. There may be an error in the "
                    + "unit test definition: check the data types.\n" + SqlErrors.message(e), start, compiled);
        } catch (TestbedException e) {
            return error(test, e.getMessage(), start, compiled);
        }
    }

    private static TestResult error(UnitTest test, String message, long start, Path compiled) {
        return new TestResult(test.test(), TestStatus.ERROR, -1, List.of(), List.of(), Duration.ofNanos(System.nanoTime() - start), message, compiled);
    }

    /** dbt's get_fixture_sql: every column of the input's relation, given values cast to its type, the others null. */
    private String fixtureSql(UnitTest test, UnitTest.Input input, Connection lake) throws SQLException {
        Fixture fixture = input.fixture();
        if (fixture.format() == Format.SQL) {
            return input.sql();
        }
        String relation = input.source() != null ? compiler.sourceRelation(input.source()) : relations.apply(input.model());
        Map<String, String> types = columns(lake, relation);
        if (types.isEmpty()) {
            throw new FixtureProblem("Not able to get columns for unit test '" + input.name() + "' from relation " + relation
                    + " because the relation doesn't exist (unit test " + test.definition().name() + " in " + test.definition().file()
                    + "). Build " + input.name() + " first, as dbt build does, then run the unit test.");
        }
        List<Map<String, Object>> rows = rows(test, fixture, input);
        if (rows.isEmpty()) {
            List<String> nulls = new ArrayList<>();
            types.forEach((column, type) -> nulls.add("cast(null as " + type + ") as " + Sql.identifier(column)));
            return "select " + String.join(", ", nulls) + " limit 0";
        }
        List<Map<String, Object>> full = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Map<String, Object> complete = new LinkedHashMap<>();
            types.keySet().forEach(column -> complete.put(column, null));
            row.forEach((column, value) -> complete.put(known(column, types, "'" + input.name() + "'"), value));
            full.add(complete);
        }
        return selects(full, types, "'" + input.name() + "'");
    }

    /** One {@code select} per row, each value cast to its column's type, joined by {@code union all}. */
    private static String selects(List<Map<String, Object>> rows, Map<String, String> types, String fixture) {
        List<String> selects = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            List<String> values = new ArrayList<>();
            row.forEach((column, value) -> {
                String name = known(column, types, fixture);
                values.add("cast(" + literal(value) + " as " + types.get(name) + ") as " + Sql.identifier(name));
            });
            selects.add("select " + String.join(", ", values));
        }
        return String.join("\nunion all\n", selects);
    }

    /** A YAML or CSV value as SQL: text quoted (dbt's string_literal), numbers and booleans as written, null as null. */
    private static String literal(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        return Sql.literal(String.valueOf(value));
    }

    /** The relation's column name for {@code column}, compared without case as dbt does; an unknown column fails as in dbt. */
    private static String known(String column, Map<String, String> types, String fixture) {
        for (String name : types.keySet()) {
            if (name.equalsIgnoreCase(column)) {
                return name;
            }
        }
        throw new FixtureProblem("Invalid column name: '" + column.toLowerCase(Locale.ROOT) + "' in unit test fixture for " + fixture
                + ". Accepted columns for " + fixture + " are: " + types.keySet());
    }

    /** Dict rows as given; csv rows with empty cells as null (dbt); a seed input without rows reads the seed's file. */
    private List<Map<String, Object>> rows(UnitTest test, Fixture fixture, UnitTest.Input input) {
        if (fixture.format() == Format.DICT && fixture.rows() != null) {
            return fixture.rows();
        }
        SeedCsv csv;
        if (fixture.format() == Format.DICT) {
            SeedFile seed = project.seeds().stream().filter(s -> s.name().equals(input.model())).findFirst()
                    .orElseThrow(() -> new FixtureProblem("Unable to find seed '" + project.name() + "." + input.model() + "' for unit test "
                            + test.definition().name() + ": an input without rows reads a seed's own file, as in dbt; give rows for it."));
            csv = SeedCsv.read(seed.path(), seed.relativePath(), ',');
        } else {
            csv = SeedCsv.parse(fixture.text());
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (List<String> cells : csv.rows()) {
            if (cells.isEmpty() || cells.size() == 1 && cells.get(0).isEmpty()) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < csv.header().size(); i++) {
                String cell = i < cells.size() ? cells.get(i) : "";
                row.put(csv.header().get(i).strip(), fixture.format() == Format.CSV && cell.isEmpty() ? null : cell);
            }
            rows.add(row);
        }
        return rows;
    }

    /** The relation's columns and their types, in order, from the lake's catalog; empty when it does not exist. */
    private static Map<String, String> columns(Connection lake, String relation) throws SQLException {
        Relation parsed = Relation.parse(relation);
        Map<String, String> types = new LinkedHashMap<>();
        try (PreparedStatement query = lake.prepareStatement("select column_name, data_type from information_schema.columns "
                + "where table_catalog = ? and table_schema = ? and table_name = ? order by ordinal_position")) {
            query.setString(1, parsed.getDatabase());
            query.setString(2, parsed.getSchema());
            query.setString(3, parsed.getIdentifier());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    types.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        return types;
    }

    /** The model's columns and types as DuckDB binds its query, without running it. */
    private static Map<String, String> describe(Connection memory, String query) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        try (Statement statement = memory.createStatement(); ResultSet rows = statement.executeQuery("describe " + query)) {
            while (rows.next()) {
                types.put(rows.getString("column_name"), rows.getString("column_type"));
            }
        }
        return types;
    }

    private Path write(UnitTest test, String sql) {
        return DataTestQueries.write(compiledDir.resolve(test.model().name()).resolve(test.definition().name() + ".sql"), sql);
    }

    /** A fixture dbt would refuse: reported as the test's ERROR, naming the fixture and what to change. */
    private static final class FixtureProblem extends RuntimeException {
        FixtureProblem(String message) {
            super(message);
        }
    }
}
