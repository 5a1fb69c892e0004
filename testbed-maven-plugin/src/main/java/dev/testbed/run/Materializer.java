package dev.testbed.run;

import dev.testbed.compile.Relation;
import dev.testbed.core.DuckDb;
import dev.testbed.core.LakeWriter;
import dev.testbed.core.Sql;
import dev.testbed.core.SqlErrors;
import dev.testbed.core.TestbedException;
import dev.testbed.project.IncrementalOptions;
import dev.testbed.project.IncrementalStrategy;
import dev.testbed.project.Microbatch;
import dev.testbed.project.OnSchemaChange;
import dev.testbed.project.ParsedModel;
import dev.testbed.seeds.SeedTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds one model in the lake from its compiled SQL, as one DuckLake transaction (one snapshot).
 * Views and tables are replaced; incremental models append, delete and re-insert the rows whose unique key
 * the new rows carry ({@code delete+insert}), or {@code MERGE INTO} the table on that key ({@code merge}).
 */
final class Materializer {

    /** Writes what a build produced (its history row) on the model's own transaction, so it commits with the data or not at all. */
    @FunctionalInterface
    interface InTransaction {
        void write(Connection transaction, long rows) throws SQLException;
    }

    /** What kind of relation, if any, already holds a model's name. */
    enum Existing { NONE, TABLE, VIEW }

    /** dbt-duckdb's aliases, which users' incremental_predicates refer to. */
    private static final String MERGE_TARGET = "DBT_INTERNAL_DEST";
    private static final String MERGE_SOURCE = "DBT_INTERNAL_SOURCE";
    private static final String DELETE_TARGET = "DBT_INCREMENTAL_TARGET";

    private final String catalog;
    /** Shared by the run's workers: parallel commits to one DuckLake from one process can fail spuriously. */
    private final LakeWriter writer;

    /** @param writer commits each build, one worker at a time */
    Materializer(String catalog, LakeWriter writer) {
        this.catalog = catalog;
        this.writer = writer;
    }

    /** True when the build is one transaction ({@code publish=atomic}): a failed statement then ends its every later write. */
    boolean inBuildTransaction() {
        return writer.inBuild();
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
     * @param contract    the model's enforced contract, checked before anything is written and defining a new table, or null
     * @param batch       the batch of a microbatch model that this build writes, or null
     * @param record      writes the model's record of the rows written, inside the transaction
     * @param reruns      told of each rerun after the commit lost to another writer
     * @param hooks       the model's rendered pre- and post-hooks, run around and inside its transaction as dbt does
     */
    long build(Connection connection, ParsedModel model, String relation, Existing existing, String sql, boolean incremental,
               Contract contract, Batch batch, String commitMessage, InTransaction record, LakeWriter.RerunListener reruns, NodeHooks hooks)
            throws SQLException {
        return withHooks(connection, relation, commitMessage, record, reruns, hooks,
                c -> execute(c, model, relation, existing, sql, incremental, contract, batch));
    }

    /** The build's work in one transaction, the hooks around and inside it as dbt runs them, and the record of the build with the work. */
    private long withHooks(Connection connection, String relation, String commitMessage, InTransaction record,
                           LakeWriter.RerunListener reruns, NodeHooks hooks, LakeWriter.Work<Long> work) throws SQLException {
        hooks.beforeBegin(connection, writer);
        long written = writer.commit(connection, commitMessage, c -> {
            hooks.startOfTransaction(c);
            long rows = work.run(c);
            hooks.endOfTransaction(c);
            record.write(c, rows);
            return rows;
        }, reruns);
        hooks.afterCommit(connection, relation, writer);
        return written;
    }

    /**
     * Loads a seed as dbt-duckdb does, in one transaction: an existing table is truncated and keeps its columns and types
     * (so a CSV whose columns changed fails until a full refresh), otherwise the table is created from the seed's
     * columns; then DuckDB's COPY reads the file into it. A view of the same name fails, as in dbt.
     *
     * @param truncate keep the existing table (it exists, and neither the run nor the seed's full_refresh asks for a rebuild)
     * @param hooks    the seed's rendered pre- and post-hooks, run as for models (dbt's seed materialization runs them alike)
     */
    long buildSeed(Connection connection, String relation, Existing existing, SeedTable table, boolean truncate, String commitMessage,
                   InTransaction record, LakeWriter.RerunListener reruns, NodeHooks hooks) throws SQLException {
        if (existing == Existing.VIEW) {
            throw new TestbedException("Cannot seed to " + relation + ": it is a view.",
                    "Drop the view (DROP VIEW " + relation + "), or give the seed another name or alias.");
        }
        return withHooks(connection, relation, commitMessage, record, reruns, hooks, c -> {
            if (truncate) {
                DuckDb.execute(c, SeedTable.truncateSql(relation));
            } else {
                DuckDb.execute(c, "DROP TABLE IF EXISTS " + relation);
                DuckDb.execute(c, table.createSql(relation));
            }
            if (table.dataRows() > 0) {
                copy(c, relation, table, truncate);
            }
            return DuckDb.queryLong(c, "SELECT count(*) FROM " + relation);
        });
    }

    /**
     * Builds a snapshot ({@link SnapshotBuild}) in one transaction with its hooks: the first build creates its table, later builds
     * record the query's changes in it. A snapshot is never rebuilt from scratch (dbt's full refresh leaves snapshots alone too).
     */
    long buildSnapshot(Connection connection, ParsedModel snapshot, String relation, String sql, String commitMessage, InTransaction record,
                       LakeWriter.RerunListener reruns, NodeHooks hooks) throws SQLException {
        Relation table = Relation.parse(relation);
        return withHooks(connection, relation, commitMessage, record, reruns, hooks, c -> {
            // looked up inside the transaction: a rerun after a lost commit may find the table another writer created
            Existing existing = existing(c, table.getSchema(), table.getIdentifier());
            if (existing == Existing.VIEW) {
                throw new TestbedException("Cannot snapshot into " + relation + ": it is a view.",
                        "Drop the view (DROP VIEW " + relation + "), or give the snapshot another name or alias.");
            }
            SnapshotBuild build = new SnapshotBuild(c, snapshot, relation);
            return existing == Existing.TABLE ? build.update(sql) : build.create(sql);
        });
    }

    private static void copy(Connection connection, String relation, SeedTable table, boolean truncated) throws SQLException {
        try {
            DuckDb.execute(connection, table.copySql(relation));
        } catch (SQLException e) {
            if (LakeWriter.isCommitConflict(e)) {
                throw e;
            }
            throw new TestbedException("Cannot load the seed's rows into " + relation + ": " + SqlErrors.message(e), truncated
                    ? "The table keeps the columns and types of its first load, because a seed is truncated and reloaded as in dbt: after "
                    + "changing the file's columns or types, rebuild it with -Dtestbed.fullRefresh=true (or +full_refresh: true), or set "
                    + "+column_types for the column."
                    : "The column types are inferred the way dbt-duckdb infers them (a whole number is an INTEGER, so values beyond "
                    + "2147483647 do not fit; '$1.00' or '5%' count as numbers): set +column_types for the column, e.g. {amount: bigint} or {price: varchar}.",
                    e);
        }
    }

    private long execute(Connection c, ParsedModel model, String relation, Existing existing, String sql, boolean incremental,
                         Contract contract, Batch batch) throws SQLException {
        if (contract != null) {
            // dbt asserts the contract as the relation's first statement, so a mismatch leaves the relation as it was
            contract.check(c, sql);
        }
        return switch (model.config().materialized()) {
            case VIEW -> {
                dropOtherKind(c, relation, existing, Existing.VIEW);
                DuckDb.execute(c, "CREATE OR REPLACE VIEW " + relation + " AS " + sql);
                yield -1L;
            }
            case TABLE -> replaceTable(c, model, relation, existing, sql, contract);
            case SEED -> throw new IllegalStateException("seeds are loaded by buildSeed: " + model.name());
            case SNAPSHOT -> throw new IllegalStateException("snapshots are built by buildSnapshot: " + model.name());
            case INCREMENTAL -> incremental ? applyIncrement(c, model, relation, sql, batch) : replaceTable(c, model, relation, existing, sql, contract);
            case EPHEMERAL -> throw new IllegalStateException("ephemeral models are inlined, never built: " + model.name());
        };
    }

    /**
     * A table replaced by the query's rows, as dbt-duckdb's create_table_as makes it: with a contract, the declared columns
     * and constraints first, then the rows; with a DuckLake layout, the table empty, its partitioning and sort order set,
     * then the rows (so that the first files follow them); else one CREATE TABLE AS.
     */
    private long replaceTable(Connection connection, ParsedModel model, String relation, Existing existing, String sql, Contract contract)
            throws SQLException {
        dropOtherKind(connection, relation, existing, Existing.TABLE);
        TableLayout layout = TableLayout.of(model);
        if (contract == null && !layout.any()) {
            DuckDb.execute(connection, "CREATE OR REPLACE TABLE " + relation + " AS " + sql);
        } else {
            if (contract != null) {
                createContracted(connection, relation, contract);
            } else {
                DuckDb.execute(connection, "CREATE OR REPLACE TABLE " + relation + " AS SELECT * FROM (" + sql + ") AS model_subq LIMIT 0");
            }
            layout.apply(connection, relation);
            DuckDb.execute(connection, contract != null ? contract.insertSql(relation, sql)
                    : "INSERT INTO " + relation + " SELECT * FROM (" + sql + ") AS model_subq");
        }
        return DuckDb.queryLong(connection, "SELECT count(*) FROM " + relation);
    }

    /** The contract's table definition; DuckLake's refusal of a constraint is said with the model's constraints and what to do. */
    private static void createContracted(Connection connection, String relation, Contract contract) throws SQLException {
        try {
            DuckDb.execute(connection, contract.createTableSql(relation));
        } catch (SQLException e) {
            if (LakeWriter.isCommitConflict(e) || !SqlErrors.message(e).contains("not supported in DuckLake")) {
                throw e;
            }
            throw new TestbedException("DuckLake refuses a constraint of the enforced contract in " + contract.origin() + " "
                    + contract.constraintNames() + ": " + SqlErrors.message(e) + ". dbt-duckdb sends the same definition and fails the same way; nothing was written.",
                    "On DuckLake only not_null is enforced: remove the check, unique and primary_key constraints and test them with data tests "
                            + "(unique, dbt_utils-style expression tests) instead.", e);
        }
    }

    private long applyIncrement(Connection connection, ParsedModel model, String relation, String sql, Batch batch) throws SQLException {
        claimForIncrement(connection, relation);
        IncrementalStrategy strategy = model.config().incrementalStrategy();
        if (strategy != IncrementalStrategy.APPEND && strategy != IncrementalStrategy.MICROBATCH && model.config().uniqueKey().isEmpty()) {
            throw new TestbedException("Incremental model " + model.name() + " (" + model.file().relativePath() + ") uses strategy "
                    + strategy.name().toLowerCase().replace('_', '+') + " without a unique_key.",
                    "Add unique_key='…' to its config, or use incremental_strategy='append'.");
        }
        // The query often reads {{ this }} (`where d >= (select max(d) from {{ this }})`): evaluated again after the
        // delete it would see a smaller table and insert rows that were never deleted. So, as dbt-duckdb does, it is
        // evaluated once into <name>__dbt_tmp, a TEMP table of this connection that never reaches the lake (a
        // rollback removes it with everything else). Its columns are also what on_schema_change compares.
        String stagedName = Relation.parse(relation).getIdentifier() + "__dbt_tmp";
        String staged = "temp.main." + Sql.identifier(stagedName);
        DuckDb.execute(connection, "CREATE OR REPLACE TEMP TABLE " + staged + " AS " + sql);
        List<String> columns = reconcileColumns(connection, model, relation, SchemaChange.columnsOf(connection, "temp", "main", stagedName));
        String columnList = columns.stream().map(Materializer::quoted).collect(Collectors.joining(", "));
        String insert = "INSERT INTO " + relation + " (" + columnList + ") SELECT " + columnList + " FROM " + staged;
        long rows = switch (strategy) {
            case APPEND -> update(connection, insert);
            case DELETE_INSERT -> {
                DuckDb.execute(connection, deleteIncoming(relation, staged, model));
                yield update(connection, insert);
            }
            case MERGE -> update(connection, mergeIncoming(relation, staged, model, columns));
            case MICROBATCH -> {
                // dbt-duckdb's microbatch: the batch's event times are deleted from the table (and further limited by
                // incremental_predicates), then the staged rows of those times inserted
                String window = batch.predicate(Microbatch.of(model.name(), model.config().raw(), null).eventTime());
                DuckDb.execute(connection, "DELETE FROM " + relation + " WHERE " + conjunction(window, model.config().incremental().predicates()));
                yield update(connection, insert + " WHERE " + window);
            }
        };
        DuckDb.execute(connection, "DROP TABLE " + staged);
        return rows;
    }

    /**
     * dbt's process_schema_changes: compares the staged rows' columns with the table's, alters the table as
     * on_schema_change says, and returns the columns the increment then writes (dbt's dest_columns): the table's
     * under {@code ignore}, else the query's.
     */
    private static List<String> reconcileColumns(Connection connection, ParsedModel model, String relation, List<SchemaChange.Column> query)
            throws SQLException {
        Relation table = Relation.parse(relation);
        List<SchemaChange.Column> existing = SchemaChange.columnsOf(connection, table.getDatabase(), table.getSchema(), table.getIdentifier());
        SchemaChange change = SchemaChange.between(query, existing);
        OnSchemaChange mode = model.config().incremental().onSchemaChange();
        String where = "Incremental model " + model.name() + " (" + model.file().relativePath() + ")";
        switch (mode) {
            case IGNORE -> {
                // dbt-duckdb selects the table's columns from the staged rows, so a column the query lost fails its
                // insert; its MERGE inserts BY NAME, so a column the query gained fails there. Both are said plainly here.
                boolean merges = model.config().incrementalStrategy() == IncrementalStrategy.MERGE;
                List<SchemaChange.Column> unusable = merges ? change.added() : change.removed();
                if (!unusable.isEmpty()) {
                    throw new TestbedException(where + ": its query " + (merges ? "returns columns that " + relation + " lacks: " : "no longer returns columns of "
                            + relation + ": ") + SchemaChange.names(unusable) + ", and on_schema_change is 'ignore'; dbt fails here too.",
                            "Set on_schema_change='append_new_columns' or 'sync_all_columns', or rebuild it with -Dtestbed.fullRefresh=true.");
                }
                return existing.stream().map(SchemaChange.Column::name).toList();
            }
            case FAIL -> {
                if (change.changed()) {
                    throw new TestbedException(where + ": its query's columns and those of " + relation + " are out of sync, and on_schema_change is 'fail'. "
                            + "Query columns not in the table: " + SchemaChange.names(change.added()) + "; table columns not in the query: "
                            + SchemaChange.names(change.removed()) + "; new column types: " + change.retyped() + ". Nothing was written.",
                            "Set on_schema_change to 'append_new_columns' or 'sync_all_columns', rebuild it with -Dtestbed.fullRefresh=true, "
                                    + "or change the table by hand and run again.");
                }
            }
            case APPEND_NEW_COLUMNS -> addColumns(connection, relation, change.added());
            case SYNC_ALL_COLUMNS -> {
                addColumns(connection, relation, change.added());
                for (SchemaChange.Column column : change.removed()) {
                    DuckDb.execute(connection, "ALTER TABLE " + relation + " DROP COLUMN " + quoted(column.name()));
                }
                for (SchemaChange.Column column : change.retyped()) {
                    // dbt's alter_column_type: a new column of the new type takes the values, then the old one's place
                    // (and, like dbt, the last position); it casts where ALTER COLUMN TYPE would accept only widenings
                    String name = quoted(column.name());
                    String altered = quoted(column.name() + "__dbt_alter");
                    DuckDb.execute(connection, "ALTER TABLE " + relation + " ADD COLUMN " + altered + " " + column.type());
                    DuckDb.execute(connection, "UPDATE " + relation + " SET " + altered + " = " + name);
                    DuckDb.execute(connection, "ALTER TABLE " + relation + " DROP COLUMN " + name);
                    DuckDb.execute(connection, "ALTER TABLE " + relation + " RENAME COLUMN " + altered + " TO " + name);
                }
            }
        }
        return query.stream().map(SchemaChange.Column::name).toList();
    }

    private static void addColumns(Connection connection, String relation, List<SchemaChange.Column> columns) throws SQLException {
        for (SchemaChange.Column column : columns) {
            DuckDb.execute(connection, "ALTER TABLE " + relation + " ADD COLUMN " + quoted(column.name()) + " " + column.type());
        }
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
    private static String mergeIncoming(String relation, String staged, ParsedModel model, List<String> columns) {
        String matches = model.config().uniqueKey().stream().map(Materializer::quoted)
                .map(key -> MERGE_SOURCE + "." + key + " = " + MERGE_TARGET + "." + key)
                .collect(Collectors.joining(" AND "));
        return "MERGE INTO " + relation + " AS " + MERGE_TARGET + " USING " + staged + " AS " + MERGE_SOURCE
                + " ON " + conjunction(matches, model.config().incremental().predicates())
                + " WHEN MATCHED THEN " + updateMatched(relation, model, columns) + " WHEN NOT MATCHED THEN INSERT BY NAME";
    }

    /** All columns by name, or, as dbt's get_merge_update_columns, only merge_update_columns or all but merge_exclude_columns. */
    private static String updateMatched(String relation, ParsedModel model, List<String> written) {
        IncrementalOptions options = model.config().incremental();
        List<String> columns = options.updateColumns();
        if (!options.excludeColumns().isEmpty()) {
            Set<String> excluded = options.excludeColumns().stream().map(c -> c.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
            columns = written.stream().filter(c -> !excluded.contains(c.toLowerCase(Locale.ROOT))).toList();
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
