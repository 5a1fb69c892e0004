package dev.testbed.history;

import dev.testbed.core.DuckDb;
import dev.testbed.core.Lake;
import dev.testbed.core.Sql;
import dev.testbed.core.SqlErrors;
import dev.testbed.core.TestbedException;
import dev.testbed.graph.ModelGraph;
import dev.testbed.results.DataTest;
import dev.testbed.results.ModelResult;
import dev.testbed.results.TestResult;
import dev.testbed.state.Fingerprint;
import dev.testbed.state.ProjectMacros;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The durable run history in the lake itself: schema {@value #SCHEMA} holds one row per model build
 * ({@value #MODEL_RUNS}) and per data test ({@value #TEST_RUNS}). A successful model's row is written in the
 * model's own transaction, so the history and the data can never disagree; the snapshot a row was
 * committed in is DuckLake's {@code snapshot_id} virtual column. Being ordinary lake tables, the history
 * travels with the lake and can be queried with SQL.
 */
public final class RunHistory {

    public static final String SCHEMA = "testbed";
    public static final String MODEL_RUNS = "model_runs";
    public static final String TEST_RUNS = "test_runs";

    private static final String MODEL_COLUMNS = "run_id, model, materialization, status, started_at, duration_ms, rows_affected, code_hash, message, config_hash, macro_hashes";
    private static final String TEST_COLUMNS = "run_id, test, test_type, suite, column_name, status, failures, finished_at, duration_ms, message, definition_hash,"
            + " metric_value";

    private RunHistory() {
    }

    private static void ensureTables(Connection connection, String alias) throws SQLException {
        String schema = alias + "." + SCHEMA;
        DuckDb.execute(connection, "CREATE SCHEMA IF NOT EXISTS " + schema);
        DuckDb.execute(connection, "CREATE TABLE IF NOT EXISTS " + schema + "." + MODEL_RUNS + " (run_id VARCHAR, model VARCHAR,"
                + " materialization VARCHAR, status VARCHAR, started_at TIMESTAMP WITH TIME ZONE, duration_ms BIGINT,"
                + " rows_affected BIGINT, code_hash VARCHAR, message VARCHAR, config_hash VARCHAR, macro_hashes VARCHAR)");
        DuckDb.execute(connection, "CREATE TABLE IF NOT EXISTS " + schema + "." + TEST_RUNS + " (run_id VARCHAR, test VARCHAR,"
                + " test_type VARCHAR, suite VARCHAR, column_name VARCHAR, status VARCHAR, failures BIGINT,"
                + " finished_at TIMESTAMP WITH TIME ZONE, duration_ms BIGINT, message VARCHAR, definition_hash VARCHAR, metric_value DOUBLE)");
    }

    /** The commit message of the snapshot that creates the history tables. */
    public static final String CREATE_MESSAGE = "testbed history: create schema " + SCHEMA;

    /**
     * Creates the history tables where they are missing, in one snapshot of their own; once they exist this
     * writes nothing, so every later build adds exactly its own snapshots.
     */
    public static void ensureTables(Lake lake) {
        try {
            if (lake.tableExists(SCHEMA, MODEL_RUNS) && lake.tableExists(SCHEMA, TEST_RUNS)) {
                addFingerprintColumns(lake);
                addMetricValueColumn(lake);
                return;
            }
            lake.writer().createMissing(CREATE_MESSAGE, connection -> {
                ensureTables(connection, lake.location().alias());
                return null;
            });
        } catch (SQLException e) {
            throw new TestbedException("Cannot create the run history tables in schema " + SCHEMA + " of " + lake.location() + ": "
                    + SqlErrors.message(e), "Check that the lake is writable.", e);
        }
    }

    /**
     * Lakes whose history predates the fingerprint columns (a model's config and macro hashes, a test's definition hash)
     * get them, nullable, in one snapshot of their own; their old rows keep null there, which change detection reads as
     * "not recorded".
     */
    private static void addFingerprintColumns(Lake lake) throws SQLException {
        String alias = lake.location().alias();
        if (DuckDb.queryLong(lake.connection(), "SELECT count(*) FROM information_schema.columns WHERE table_catalog = " + Sql.literal(alias)
                + " AND table_schema = '" + SCHEMA + "' AND (table_name = '" + MODEL_RUNS + "' AND column_name = 'config_hash'"
                + " OR table_name = '" + TEST_RUNS + "' AND column_name = 'definition_hash')") == 2) {
            return;
        }
        // when every attempt loses, other builds were adding them at the same moment
        lake.writer().createMissing("testbed history: record each build's config and macro hashes and each test's definition hash", connection -> {
            DuckDb.execute(connection, "ALTER TABLE " + qualified(alias, MODEL_RUNS) + " ADD COLUMN IF NOT EXISTS config_hash VARCHAR");
            DuckDb.execute(connection, "ALTER TABLE " + qualified(alias, MODEL_RUNS) + " ADD COLUMN IF NOT EXISTS macro_hashes VARCHAR");
            DuckDb.execute(connection, "ALTER TABLE " + qualified(alias, TEST_RUNS) + " ADD COLUMN IF NOT EXISTS definition_hash VARCHAR");
            return null;
        });
    }

    /**
     * Lakes whose history predates drift tests get {@value #TEST_RUNS}.metric_value, nullable, in one snapshot of its
     * own; other tests and old rows keep null there.
     */
    private static void addMetricValueColumn(Lake lake) throws SQLException {
        String alias = lake.location().alias();
        if (DuckDb.queryLong(lake.connection(), "SELECT count(*) FROM information_schema.columns WHERE table_catalog = " + Sql.literal(alias)
                + " AND table_schema = '" + SCHEMA + "' AND table_name = '" + TEST_RUNS + "' AND column_name = 'metric_value'") == 1) {
            return;
        }
        lake.writer().createMissing("testbed history: record the value each drift test measured", connection -> {
            DuckDb.execute(connection, "ALTER TABLE " + qualified(alias, TEST_RUNS) + " ADD COLUMN IF NOT EXISTS metric_value DOUBLE");
            return null;
        });
    }

    /**
     * One model's build, as a row of {@value #MODEL_RUNS}.
     *
     * @param configHash  the hash of its resolved config, null in rows written before 2026-12
     * @param macroHashes the project macros it calls with the hash of each ({@code name=hash,...}), null in rows written before 2026-12
     */
    public record ModelRun(String runId, String model, String materialization, String status, Instant started, Duration elapsed,
                           long rowsAffected, String codeHash, String message, String configHash, String macroHashes) {

        /**
         * The row of a model's outcome in run {@code runId}, with the model's fingerprint against the project's
         * {@code graph} and {@code macros}: the code hash is of a model's source text (with that of the ephemeral models
         * it reads) or a seed's file.
         */
        public static ModelRun of(String runId, ModelResult result, ModelGraph graph, ProjectMacros macros) {
            Fingerprint fingerprint = Fingerprint.of(result.model(), graph, macros);
            return new ModelRun(runId, result.model().name(), result.model().config().materialized().name().toLowerCase(Locale.ROOT),
                    result.status().dbtName(), result.started(), result.elapsed(), result.rowsAffected(), fingerprint.code(),
                    result.message(), fingerprint.config(), fingerprint.macrosText());
        }
    }

    /**
     * One data test's outcome, as a row of {@value #TEST_RUNS}.
     *
     * @param definitionHash the hash of the test's compiled query and config ({@link Fingerprint#definition}), null in
     *                       rows written before 2026-12
     * @param metricValue    what a drift test measured (its aggregate now); null for other tests
     */
    public record TestRun(String runId, String test, String testType, String suite, String column, String status, long failures,
                          Instant finished, Duration elapsed, String message, String definitionHash, Double metricValue) {

        /** A row that records no measured value. */
        public TestRun(String runId, String test, String testType, String suite, String column, String status, long failures,
                       Instant finished, Duration elapsed, String message, String definitionHash) {
            this(runId, test, testType, suite, column, status, failures, finished, elapsed, message, definitionHash, null);
        }

        /** The row of a data test's outcome in run {@code runId}, finished at {@code finished}. */
        public static TestRun of(String runId, TestResult result, Instant finished) {
            DataTest test = result.test();
            return new TestRun(runId, test.name(), test.type(), test.suite(), test.column(), result.status().name().toLowerCase(Locale.ROOT),
                    result.failures(), finished, result.elapsed(), result.message(), Fingerprint.definition(test), result.metricValue());
        }
    }

    /** Inserts the row on {@code connection}, inside whatever transaction is open there. */
    public static void insert(Connection connection, String alias, ModelRun run) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(insertSql(alias, MODEL_RUNS, MODEL_COLUMNS))) {
            statement.setString(1, run.runId());
            statement.setString(2, run.model());
            statement.setString(3, run.materialization());
            statement.setString(4, run.status());
            statement.setTimestamp(5, Timestamp.from(run.started()));
            statement.setLong(6, run.elapsed().toMillis());
            statement.setObject(7, run.rowsAffected() < 0 ? null : run.rowsAffected());
            statement.setString(8, run.codeHash());
            statement.setString(9, run.message());
            statement.setString(10, run.configHash());
            statement.setString(11, run.macroHashes());
            statement.executeUpdate();
        }
    }

    /**
     * Inserts the rows on {@code connection}, inside whatever transaction is open there, in order: a statement per
     * {@value #ROWS_PER_INSERT} rows, because a prepared INSERT per row into a DuckLake table cost a build of the sample's
     * 73 tests more than its commit did.
     */
    public static void insert(Connection connection, String alias, List<TestRun> runs) throws SQLException {
        int columns = TEST_COLUMNS.split(",").length;
        for (int from = 0; from < runs.size(); from += ROWS_PER_INSERT) {
            List<TestRun> chunk = runs.subList(from, Math.min(runs.size(), from + ROWS_PER_INSERT));
            try (PreparedStatement statement = connection.prepareStatement(insertSql(alias, TEST_RUNS, TEST_COLUMNS, chunk.size()))) {
                int at = 0;
                for (TestRun run : chunk) {
                    statement.setString(at + 1, run.runId());
                    statement.setString(at + 2, run.test());
                    statement.setString(at + 3, run.testType());
                    statement.setString(at + 4, run.suite());
                    statement.setString(at + 5, run.column());
                    statement.setString(at + 6, run.status());
                    statement.setObject(at + 7, run.failures() < 0 ? null : run.failures());
                    statement.setTimestamp(at + 8, Timestamp.from(run.finished()));
                    statement.setLong(at + 9, run.elapsed().toMillis());
                    statement.setString(at + 10, run.message());
                    statement.setString(at + 11, run.definitionHash());
                    statement.setObject(at + 12, run.metricValue());
                    at += columns;
                }
                statement.executeUpdate();
            }
        }
    }

    private static final int ROWS_PER_INSERT = 500;

    private static String insertSql(String alias, String table, String columns) {
        return insertSql(alias, table, columns, 1);
    }

    private static String insertSql(String alias, String table, String columns, int rows) {
        String placeholders = "(?" + ", ?".repeat(columns.split(",").length - 1) + ")";
        return "INSERT INTO " + alias + "." + SCHEMA + "." + table + " (" + columns + ") VALUES " + placeholders
                + (", " + placeholders).repeat(rows - 1);
    }

    /** A short fingerprint of a model's source text, so a later reader can tell that the code changed since a build. */
    public static String codeHash(String sql) {
        return Fingerprint.hash(sql);
    }

    /** A run id for runs outside a Maven session: see {@link #runId(Instant)}. */
    public static String newRunId() {
        return runId(Instant.now());
    }

    /**
     * The run id of a build that started at {@code start}: the instant, which sorts and reads well, and this
     * process's id, because concurrent builds against one lake can start within the same millisecond.
     */
    public static String runId(Instant start) {
        return start + "-" + ProcessHandle.current().pid();
    }

    static String qualified(String alias, String table) {
        return alias + "." + SCHEMA + "." + Sql.identifier(table);
    }
}
