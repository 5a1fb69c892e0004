package dev.testbed.run;

import dev.testbed.compile.Relation;
import dev.testbed.core.DuckDb;
import dev.testbed.core.Sql;
import dev.testbed.core.TestbedException;
import dev.testbed.project.ParsedModel;
import dev.testbed.project.SnapshotOptions;
import dev.testbed.project.SnapshotOptions.HardDeletes;
import dev.testbed.project.SnapshotOptions.MetaColumns;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Builds a snapshot as dbt-core 1.11's snapshot materialization with dbt-duckdb 1.11's merge does, on the caller's transaction.
 *
 * <p>The first build creates the table from the query with the meta columns: {@code dbt_scd_id} (md5 of the unique key's
 * values and the version's time, each cast to varchar, null as '', joined with '|'), {@code dbt_updated_at} and
 * {@code dbt_valid_from} (the row's {@code updated_at}, or the build's time under {@code check} without one), {@code dbt_valid_to}
 * (null, or {@code dbt_valid_to_current}) and, under {@code hard_deletes: new_record}, {@code dbt_is_deleted = 'False'}.
 *
 * <p>Later builds compare the query's rows with the current versions (those whose {@code dbt_valid_to} is null, or
 * {@code dbt_valid_to_current}) by unique key, in a staging table of this connection: a new key or a changed row inserts a new
 * version and closes the current one ({@code dbt_valid_to} = the new version's time); a key the query lost is closed at the build's
 * time under {@code invalidate}, and under {@code new_record} also gets a version marked deleted. Columns the query gained are
 * added to the table first, and under {@code check_cols: all} a gained column makes every current row a change, as in dbt.
 * The build's time is {@code now()::timestamp}, the start of the transaction, so one build dates all its versions alike.
 */
final class SnapshotBuild {

    /** dbt-duckdb's snapshot_get_time. */
    private static final String NOW = "now()::timestamp";
    private static final String CHANGE = "dbt_change_type";

    private final Connection connection;
    private final ParsedModel snapshot;
    private final String relation;
    private final SnapshotOptions options;
    private final MetaColumns meta;

    SnapshotBuild(Connection connection, ParsedModel snapshot, String relation) {
        this.connection = connection;
        this.snapshot = snapshot;
        this.relation = relation;
        this.options = SnapshotOptions.of(snapshot.name(), snapshot.config().raw(), key -> snapshot.file().relativePath());
        this.meta = options.columns();
    }

    /** Creates the table from the compiled query; returns its rows. */
    long create(String sql) throws SQLException {
        String updatedAt = updatedAt();
        String select = "SELECT *, " + scdId() + " AS " + q(meta.scdId()) + ", " + updatedAt + " AS " + q(meta.updatedAt()) + ", "
                + updatedAt + " AS " + q(meta.validFrom()) + ", " + openValidTo(updatedAt) + " AS " + q(meta.validTo())
                + (options.hardDeletes() == HardDeletes.NEW_RECORD ? ", 'False' AS " + q(meta.isDeleted()) : "")
                + " FROM (\n" + sql + "\n) AS snapshot_query";
        DuckDb.execute(connection, "CREATE TABLE " + relation + " AS " + select);
        return DuckDb.queryLong(connection, "SELECT count(*) FROM " + relation);
    }

    /** Records the query's changes in the existing table; returns the versions inserted. */
    long update(String sql) throws SQLException {
        Relation table = Relation.parse(relation);
        List<String> existing = columnNames(SchemaChange.columnsOf(connection, table.getDatabase(), table.getSchema(), table.getIdentifier()));
        List<String> missingMeta = new ArrayList<>(List.of(meta.scdId(), meta.updatedAt(), meta.validFrom(), meta.validTo()));
        missingMeta.removeAll(existing);
        if (!missingMeta.isEmpty()) {
            throw new TestbedException("Snapshot " + snapshot.name() + " (" + snapshot.file().relativePath() + "): the existing table " + relation
                    + " lacks the snapshot columns " + missingMeta + ", so it was not made by this snapshot (or snapshot_meta_column_names changed).",
                    "Drop or rename the table, or set snapshot_meta_column_names to the names it has.");
        }
        String name = table.getIdentifier();
        String query = "temp.main." + Sql.identifier(name + "__dbt_query");
        DuckDb.execute(connection, "CREATE OR REPLACE TEMP TABLE " + query + " AS SELECT * FROM (\n" + sql + "\n) AS snapshot_query LIMIT 0");
        List<String> queryColumns = columnNames(SchemaChange.columnsOf(connection, "temp", "main", name + "__dbt_query"));
        DuckDb.execute(connection, "DROP TABLE " + query);

        String stagingName = name + "__dbt_tmp";
        String staging = "temp.main." + Sql.identifier(stagingName);
        DuckDb.execute(connection, "CREATE OR REPLACE TEMP TABLE " + staging + " AS " + staging(sql, queryColumns, existing));
        List<SchemaChange.Column> staged = SchemaChange.columnsOf(connection, "temp", "main", stagingName);
        Set<String> internal = new HashSet<>(keyAliases());
        internal.add(CHANGE);
        List<String> written = new ArrayList<>();
        for (SchemaChange.Column column : staged) {
            if (internal.contains(column.name())) {
                continue;
            }
            written.add(q(column.name()));
            if (!existing.contains(column.name())) {
                // dbt's create_columns: a column the query gained (or dbt_is_deleted, once new_record is on) joins the table
                DuckDb.execute(connection, "ALTER TABLE " + relation + " ADD COLUMN " + q(column.name()) + " " + column.type());
            }
        }
        DuckDb.execute(connection, "UPDATE " + relation + " AS target SET " + q(meta.validTo()) + " = staged." + q(meta.validTo())
                + " FROM " + staging + " AS staged WHERE staged." + q(meta.scdId()) + "::text = target." + q(meta.scdId()) + "::text"
                + " AND staged." + CHANGE + " IN ('update', 'delete') AND " + current("target"));
        String columns = String.join(", ", written);
        long inserted;
        try (Statement statement = connection.createStatement()) {
            inserted = statement.executeUpdate("INSERT INTO " + relation + " (" + columns + ") SELECT " + columns + " FROM " + staging
                    + " WHERE " + CHANGE + " = 'insert'");
        }
        DuckDb.execute(connection, "DROP TABLE " + staging);
        return inserted;
    }

    /** The changes as dbt's snapshot_staging_table finds them: one row per version to insert, and per current version to close. */
    private String staging(String sql, List<String> queryColumns, List<String> existing) {
        boolean newRecord = options.hardDeletes() == HardDeletes.NEW_RECORD;
        List<String> aliases = keyAliases();
        String keys = IntStream.range(0, aliases.size()).mapToObj(i -> options.uniqueKey().get(i) + " AS " + aliases.get(i))
                .collect(Collectors.joining(", "));
        String join = aliases.stream().map(alias -> "current_rows." + alias + " = source_rows." + alias).collect(Collectors.joining(" AND "));
        String changed = rowChanged(queryColumns, existing) + (newRecord ? " OR current_rows." + q(meta.isDeleted()) + " = 'True'" : "");
        String updatedAt = updatedAt();
        String sourceColumns = queryColumns.stream().map(c -> "source_rows." + q(c)).collect(Collectors.joining(", "));
        String sourceKeys = aliases.stream().map(a -> "source_rows." + a).collect(Collectors.joining(", "));
        StringBuilder staging = new StringBuilder("WITH snapshot_query AS (\n").append(sql).append("\n),\n")
                .append("current_rows AS (SELECT *, ").append(keys).append(" FROM ").append(relation).append(" WHERE ").append(current(null)).append("),\n")
                .append("source_rows AS (SELECT *, ").append(keys).append(", ").append(updatedAt).append(" AS __version_time, ")
                .append(scdId()).append(" AS __version_id FROM snapshot_query)\n");
        String isDeleted = newRecord ? ", 'False' AS " + q(meta.isDeleted()) : "";
        // new keys and changed rows: a new version
        staging.append("SELECT 'insert' AS ").append(CHANGE).append(", ").append(sourceColumns).append(", ").append(sourceKeys)
                .append(", source_rows.__version_time AS ").append(q(meta.updatedAt())).append(", source_rows.__version_time AS ").append(q(meta.validFrom()))
                .append(", ").append(openValidTo("source_rows.__version_time")).append(" AS ").append(q(meta.validTo()))
                .append(", source_rows.__version_id AS ").append(q(meta.scdId())).append(isDeleted)
                .append(" FROM source_rows LEFT JOIN current_rows ON ").append(join)
                .append(" WHERE current_rows.").append(aliases.get(0)).append(" IS NULL OR (current_rows.").append(aliases.get(0))
                .append(" IS NOT NULL AND (").append(changed).append("))\n");
        // changed rows: their current version closes at the new version's time
        staging.append("UNION ALL SELECT 'update', ").append(sourceColumns).append(", ").append(sourceKeys)
                .append(", source_rows.__version_time, source_rows.__version_time, source_rows.__version_time, current_rows.").append(q(meta.scdId()))
                .append(newRecord ? ", current_rows." + q(meta.isDeleted()) : "")
                .append(" FROM source_rows JOIN current_rows ON ").append(join).append(" WHERE ").append(changed).append('\n');
        if (options.hardDeletes() != HardDeletes.IGNORE) {
            String gone = " FROM current_rows LEFT JOIN source_rows ON " + join + " WHERE source_rows." + aliases.get(0) + " IS NULL"
                    + (newRecord ? " AND NOT (current_rows." + q(meta.isDeleted()) + " = 'True' AND " + currentValidTo("current_rows") + ")" : "");
            String nulls = queryColumns.stream().map(c -> "NULL").collect(Collectors.joining(", ")) + ", "
                    + aliases.stream().map(a -> "NULL").collect(Collectors.joining(", "));
            // keys the query lost: their current version closes at the build's time
            staging.append("UNION ALL SELECT 'delete', ").append(nulls).append(", ").append(NOW).append(", ").append(NOW).append(", ").append(NOW)
                    .append(", current_rows.").append(q(meta.scdId())).append(newRecord ? ", current_rows." + q(meta.isDeleted()) : "")
                    .append(gone).append('\n');
            if (newRecord) {
                // and a version that records the deletion, with the last known values
                String kept = queryColumns.stream().map(c -> existing.contains(c) ? "current_rows." + q(c) : "NULL")
                        .collect(Collectors.joining(", "));
                String keptKeys = aliases.stream().map(a -> "current_rows." + a).collect(Collectors.joining(", "));
                staging.append("UNION ALL SELECT 'insert', ").append(kept).append(", ").append(keptKeys).append(", ").append(NOW).append(", ")
                        .append(NOW).append(", current_rows.").append(q(meta.validTo())).append(", ")
                        .append(hash(List.of("current_rows." + q(meta.scdId()), NOW))).append(", 'True'").append(gone).append('\n');
            }
        }
        return staging.toString();
    }

    /** dbt's row_changed: the timestamp strategy compares dates, the check strategy the checked columns' values, nulls included. */
    private String rowChanged(List<String> queryColumns, List<String> existing) {
        if (options.strategy() == SnapshotOptions.Strategy.TIMESTAMP) {
            return "(current_rows." + q(meta.validFrom()) + " < source_rows." + options.updatedAt() + ")";
        }
        List<String> checked = options.checkCols() == null ? queryColumns : options.checkCols();
        if (checked.stream().anyMatch(column -> !existing.contains(column))) {
            return "TRUE"; // dbt: a column the table lacks makes every current row a change
        }
        return "(" + checked.stream().map(c -> "current_rows." + q(c) + " IS DISTINCT FROM source_rows." + q(c)).collect(Collectors.joining(" OR ")) + ")";
    }

    /** Whether a row of {@code alias} (or unqualified) is a current version. */
    private String current(String alias) {
        String validTo = (alias == null ? "" : alias + ".") + q(meta.validTo());
        return options.validToCurrent() == null ? validTo + " IS NULL" : "(" + validTo + " = " + options.validToCurrent() + " OR " + validTo + " IS NULL)";
    }

    /** dbt's test for an already deleted key's marker: its dbt_valid_to is the current one (exactly, without the null fallback). */
    private String currentValidTo(String alias) {
        String validTo = alias + "." + q(meta.validTo());
        return options.validToCurrent() == null ? validTo + " IS NULL" : validTo + " = " + options.validToCurrent();
    }

    /** A new version's dbt_valid_to: null, or dbt_valid_to_current, typed like the version's time. */
    private String openValidTo(String time) {
        String none = "nullif(" + time + ", " + time + ")";
        return options.validToCurrent() == null ? none : "coalesce(" + none + ", " + options.validToCurrent() + ")";
    }

    private String updatedAt() {
        return options.updatedAt() == null ? NOW : options.updatedAt();
    }

    private String scdId() {
        List<String> parts = new ArrayList<>(options.uniqueKey());
        parts.add(updatedAt());
        return hash(parts);
    }

    private static String hash(List<String> parts) {
        return "md5(" + parts.stream().map(part -> "coalesce(cast(" + part + " AS varchar), '')").collect(Collectors.joining(" || '|' || ")) + ")";
    }

    private List<String> keyAliases() {
        return options.uniqueKey().size() == 1 ? List.of("dbt_unique_key")
                : IntStream.rangeClosed(1, options.uniqueKey().size()).mapToObj(i -> "dbt_unique_key_" + i).toList();
    }

    private static List<String> columnNames(List<SchemaChange.Column> columns) {
        return columns.stream().map(SchemaChange.Column::name).toList();
    }

    private static String q(String identifier) {
        return Sql.identifier(identifier);
    }
}
