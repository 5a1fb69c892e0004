package dev.testbed.run;

import dev.testbed.compile.Relation;
import dev.testbed.core.DuckDb;
import dev.testbed.core.Lake;
import dev.testbed.core.Sql;
import dev.testbed.core.TestbedException;
import dev.testbed.history.RunHistory;
import dev.testbed.project.IncrementalOptions;
import dev.testbed.project.IncrementalStrategy;
import dev.testbed.project.ParsedModel;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds one model in the lake from its compiled SQL, as one DuckLake transaction (one snapshot).
 * Views and tables are replaced; incremental models append, delete and re-insert the rows whose unique key
 * the new rows carry ({@code delete+insert}), or {@code MERGE INTO} the table on that key ({@code merge}).
 */
final class Materializer {

    /** What kind of relation, if any, already holds a model's name. */
    enum Existing { NONE, TABLE, VIEW }

    /** dbt-duckdb's aliases, which users' incremental_predicates refer to. */
    private static final String MERGE_TARGET = "DBT_INTERNAL_DEST";
    private static final String MERGE_SOURCE = "DBT_INTERNAL_SOURCE";
    private static final String DELETE_TARGET = "DBT_INCREMENTAL_TARGET";

    private final String catalog;
    /** Shared by the run's workers: parallel commits to one DuckLake from one process can fail spuriously. */
    private final Object commitLock = new Object();

    Materializer(String catalog) {
        this.catalog = catalog;
    }

    Existing existing(Connection connection, String schema, String name) throws SQLException {
        String sql = "SELECT table_type FROM information_schema.tables WHERE table_catalog = " + Sql.literal(catalog)
                + " AND table_schema = " + Sql.literal(schema) + " AND table_name = " + Sql.literal(name);
        String type = DuckDb.queryString(connection, sql);
        if (type == null) {
            return Existing.NONE;
        }
        return "VIEW".equalsIgnoreCase(type) ? Existing.VIEW : Existing.TABLE;
    }

    /**
     * Runs the model's statements in one transaction and returns the rows written (-1 for a view). The
     * model's history row goes into the same transaction, so the history never claims a build that did not commit.
     *
     * @param incremental true when the compiled SQL is the incremental variant (the table exists and no full refresh)
     * @param historyRow  the history row for the rows written
     * @param reruns      told of each rerun after the commit lost to another writer
     */
    long build(Connection connection, ParsedModel model, String relation, Existing existing, String sql, boolean incremental,
               String commitMessage, LongFunction<RunHistory.ModelRun> historyRow, Lake.RerunListener reruns) throws SQLException {
        return Lake.inTransactionRerunOnConflict(connection, "testbed", commitMessage, c -> {
            long rows = execute(c, model, relation, existing, sql, incremental);
            RunHistory.insert(c, historyRow.apply(rows));
            return rows;
        }, commitLock, reruns);
    }

    private long execute(Connection c, ParsedModel model, String relation, Existing existing, String sql, boolean incremental)
            throws SQLException {
        return switch (model.config().materialized()) {
            case VIEW -> {
                dropOtherKind(c, relation, existing, Existing.VIEW);
                DuckDb.execute(c, "CREATE OR REPLACE VIEW " + relation + " AS " + sql);
                yield -1L;
            }
            case TABLE, SEED -> replaceTable(c, relation, existing, sql);
            case INCREMENTAL -> incremental ? applyIncrement(c, model, relation, sql) : replaceTable(c, relation, existing, sql);
            case EPHEMERAL -> throw new IllegalStateException("ephemeral models are inlined, never built: " + model.name());
        };
    }

    private long replaceTable(Connection connection, String relation, Existing existing, String sql) throws SQLException {
        dropOtherKind(connection, relation, existing, Existing.TABLE);
        DuckDb.execute(connection, "CREATE OR REPLACE TABLE " + relation + " AS " + sql);
        return DuckDb.queryLong(connection, "SELECT count(*) FROM " + relation);
    }

    private long applyIncrement(Connection connection, ParsedModel model, String relation, String sql) throws SQLException {
        claimForIncrement(connection, relation);
        IncrementalStrategy strategy = model.config().incrementalStrategy();
        if (strategy == IncrementalStrategy.APPEND) {
            // a single statement reads the model's query once, so it needs no staging table
            return update(connection, "INSERT INTO " + relation + " BY NAME SELECT * FROM (" + sql + ")");
        }
        if (model.config().uniqueKey().isEmpty()) {
            throw new TestbedException("Incremental model " + model.name() + " (" + model.file().relativePath() + ") uses strategy "
                    + strategy.name().toLowerCase().replace('_', '+') + " without a unique_key.",
                    "Add unique_key='…' to its config, or use incremental_strategy='append'.");
        }
        // The query often reads {{ this }} (`where d >= (select max(d) from {{ this }})`): evaluated again after the
        // delete it would see a smaller table and insert rows that were never deleted. So, as dbt-duckdb does, it is
        // evaluated once into <name>__dbt_tmp, a TEMP table of this connection that never reaches the lake (a
        // rollback removes it with everything else).
        String staged = "temp.main." + Sql.identifier(Relation.parse(relation).getIdentifier() + "__dbt_tmp");
        DuckDb.execute(connection, "CREATE OR REPLACE TEMP TABLE " + staged + " AS " + sql);
        long rows = switch (strategy) {
            case DELETE_INSERT -> {
                DuckDb.execute(connection, deleteIncoming(relation, staged, model));
                yield update(connection, "INSERT INTO " + relation + " BY NAME SELECT * FROM " + staged);
            }
            case MERGE -> update(connection, mergeIncoming(connection, relation, staged, model));
            case APPEND -> throw new IllegalStateException("append is applied above");
        };
        DuckDb.execute(connection, "DROP TABLE " + staged);
        return rows;
    }

    /**
     * dbt-duckdb's delete of the rows the increment replaces. Its two forms name the table differently, and users'
     * incremental_predicates are written for them: with unique_key as a list the table is aliased
     * {@code DBT_INCREMENTAL_TARGET}; with unique_key as a string it keeps its own name ({@code {{ this }}}).
     */
    private static String deleteIncoming(String relation, String staged, ParsedModel model) {
        List<String> keys = model.config().uniqueKey().stream().map(Materializer::quoted).toList();
        List<String> predicates = model.config().incremental().predicates();
        if (model.config().incremental().uniqueKeyListed()) {
            String matches = keys.stream().map(key -> staged + "." + key + " = " + DELETE_TARGET + "." + key).collect(Collectors.joining(" AND "));
            return "DELETE FROM " + relation + " AS " + DELETE_TARGET + " USING " + staged + " WHERE " + conjunction(matches, predicates);
        }
        String key = String.join(", ", keys);
        return "DELETE FROM " + relation + " WHERE " + conjunction("(" + key + ") IN (SELECT (" + key + ") FROM " + staged + ")", predicates);
    }

    /** dbt-duckdb's MERGE, with its aliases, so that incremental_predicates written for dbt work unchanged. */
    private static String mergeIncoming(Connection connection, String relation, String staged, ParsedModel model) throws SQLException {
        String matches = model.config().uniqueKey().stream().map(Materializer::quoted)
                .map(key -> MERGE_SOURCE + "." + key + " = " + MERGE_TARGET + "." + key)
                .collect(Collectors.joining(" AND "));
        return "MERGE INTO " + relation + " AS " + MERGE_TARGET + " USING " + staged + " AS " + MERGE_SOURCE
                + " ON " + conjunction(matches, model.config().incremental().predicates())
                + " WHEN MATCHED THEN " + updateMatched(connection, relation, model) + " WHEN NOT MATCHED THEN INSERT BY NAME";
    }

    /** All columns by name, or, as dbt's get_merge_update_columns, only merge_update_columns or all but merge_exclude_columns. */
    private static String updateMatched(Connection connection, String relation, ParsedModel model) throws SQLException {
        IncrementalOptions options = model.config().incremental();
        List<String> columns = options.updateColumns();
        if (!options.excludeColumns().isEmpty()) {
            Set<String> excluded = options.excludeColumns().stream().map(c -> c.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
            columns = columnsOf(connection, relation).stream().filter(c -> !excluded.contains(c.toLowerCase(Locale.ROOT))).toList();
            if (columns.isEmpty()) {
                throw new TestbedException("Incremental model " + model.name() + " (" + model.file().relativePath()
                        + "): merge_exclude_columns leaves no column of " + relation + " to update.",
                        "Exclude fewer columns, or use incremental_strategy='append' if matched rows should never change.");
            }
        }
        if (columns.isEmpty()) {
            return "UPDATE BY NAME";
        }
        return "UPDATE SET " + columns.stream().map(Materializer::quoted).map(c -> c + " = " + MERGE_SOURCE + "." + c).collect(Collectors.joining(", "));
    }

    private static List<String> columnsOf(Connection connection, String relation) throws SQLException {
        Relation table = Relation.parse(relation);
        List<String> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT column_name FROM duckdb_columns() WHERE database_name = " + Sql.literal(table.getDatabase())
                     + " AND schema_name = " + Sql.literal(table.getSchema()) + " AND table_name = " + Sql.literal(table.getIdentifier())
                     + " ORDER BY column_index")) {
            while (rows.next()) {
                columns.add(rows.getString(1));
            }
        }
        return columns;
    }

    /** The key matches and then each predicate, parenthesized so that a predicate's OR cannot escape it. */
    private static String conjunction(String matches, List<String> predicates) {
        return Stream.concat(Stream.of(matches), predicates.stream()).map(p -> "(" + p + ")").collect(Collectors.joining(" AND "));
    }

    private static long update(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return statement.executeUpdate(sql);
        }
    }

    /**
     * Sets the table's comment to the value it already has. Readers see no change, but DuckLake counts it as
     * altering the table, and an insert into a table that another transaction altered meanwhile conflicts at
     * commit. Appends alone never conflict, so were DuckLake's own commit retry on (the plugin turns it off on
     * shared catalogs, where any racing commit is rerun whole anyway), two builds applying the same increment
     * at once would both commit its rows; with the claim the later one is refused and reruns on the earlier
     * one's result.
     */
    static void claimForIncrement(Connection connection, String relation) throws SQLException {
        Relation table = Relation.parse(relation);
        String comment = DuckDb.queryString(connection, "SELECT comment FROM duckdb_tables() WHERE database_name = "
                + Sql.literal(table.getDatabase()) + " AND schema_name = " + Sql.literal(table.getSchema())
                + " AND table_name = " + Sql.literal(table.getIdentifier()));
        DuckDb.execute(connection, "COMMENT ON TABLE " + relation + " IS " + (comment == null ? "NULL" : Sql.literal(comment)));
    }

    private static void dropOtherKind(Connection connection, String relation, Existing existing, Existing wanted) throws SQLException {
        if (existing == Existing.TABLE && wanted == Existing.VIEW) {
            DuckDb.execute(connection, "DROP TABLE " + relation);
        } else if (existing == Existing.VIEW && wanted == Existing.TABLE) {
            DuckDb.execute(connection, "DROP VIEW " + relation);
        }
    }

    private static String quoted(String identifier) {
        return Sql.identifier(identifier.strip());
    }
}
