package dev.testbed.inspect;

import dev.testbed.core.Lake;
import dev.testbed.core.Snapshot;
import dev.testbed.core.Sql;
import dev.testbed.core.SqlErrors;
import dev.testbed.core.TestbedException;
import dev.testbed.state.SnapshotChanges;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What an attached lake holds, read from DuckDB's information schema and DuckLake's own metadata. */
public final class LakeContents {

    private final Lake lake;
    private final String alias;
    /** DuckLake's own metadata catalog of the lake attached as {@code alias}. */
    private final String metadata;
    private final SnapshotChanges changes;

    public LakeContents(Lake lake) {
        this.lake = lake;
        this.alias = lake.location().alias();
        this.metadata = "__ducklake_metadata_" + alias;
        this.changes = SnapshotChanges.read(lake);
    }

    /** Every table and view, by schema and name, with counts and data file sizes. */
    public List<TableStats> tables() {
        String sql = "SELECT t.table_schema, t.table_name, t.table_type, (SELECT count(*) FROM information_schema.columns c"
                + " WHERE c.table_catalog = t.table_catalog AND c.table_schema = t.table_schema AND c.table_name = t.table_name)"
                + " FROM information_schema.tables t WHERE t.table_catalog = " + Sql.literal(alias) + " ORDER BY 1, 2";
        Map<String, long[]> files = new HashMap<>();
        query("SELECT s.schema_name, i.table_name, i.file_count, i.file_size_bytes FROM ducklake_table_info(" + Sql.literal(alias) + ") i"
                + " JOIN (" + liveSchemasSql() + ") s USING (schema_id)", rs -> files.put(rs.getString(1) + "." + rs.getString(2),
                new long[] {rs.getLong(3), rs.getLong(4)}));
        List<TableStats> tables = new ArrayList<>();
        for (String[] row : query(sql, rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)})) {
            long[] fileStats = files.getOrDefault(row[0] + "." + row[1], new long[2]);
            String kind = "VIEW".equalsIgnoreCase(row[2]) ? "view" : "table";
            tables.add(new TableStats(row[0], row[1], kind, count(row[0], row[1]), Integer.parseInt(row[3]), fileStats[0], fileStats[1]));
        }
        return tables;
    }

    /** The columns of one table or view, in order; empty if there is no such relation. */
    public List<ColumnInfo> columns(String schema, String table) {
        String sql = "SELECT column_name, data_type FROM information_schema.columns WHERE table_catalog = " + Sql.literal(alias)
                + " AND table_schema = " + Sql.literal(schema) + " AND table_name = " + Sql.literal(table) + " ORDER BY ordinal_position";
        return query(sql, rs -> new ColumnInfo(rs.getString(1), rs.getString(2), ""));
    }

    /** Up to {@code limit} rows of a relation, values as text; the first list is the header. */
    public List<List<String>> sample(String schema, String table, int limit) {
        String sql = "SELECT * FROM " + relation(schema, table) + " LIMIT " + Math.max(0, limit);
        List<List<String>> rows = new ArrayList<>();
        try (Statement statement = lake.connection().createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            List<String> header = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                header.add(rs.getMetaData().getColumnName(i));
            }
            rows.add(header);
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(String.valueOf(rs.getString(i)));
                }
                rows.add(row);
            }
        } catch (SQLException e) {
            throw new TestbedException("Cannot read rows of " + schema + "." + table + ": " + SqlErrors.message(e), null, e);
        }
        return rows;
    }

    /**
     * A snapshot's {@code changes} with DuckLake's ids replaced by the names they had then:
     * {@code tables_inserted_into=[3]} becomes {@code tables_inserted_into: raw.raw_sales}, and
     * {@code views_dropped=[20]} names the view that snapshot dropped.
     */
    public String describeChanges(Snapshot snapshot) {
        List<String> parts = new ArrayList<>();
        changes.changedTables(snapshot).forEach((kind, names) -> parts.add(kind + ": " + String.join(", ", names)));
        return String.join("; ", parts);
    }

    /** For each schema.table, the newest snapshot that created, changed or replaced it. */
    public Map<String, Long> lastChanges(List<Snapshot> snapshots) {
        return changes.lastChanges(snapshots);
    }

    private long count(String schema, String table) {
        try (Statement statement = lake.connection().createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + relation(schema, table))) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1; // a view over a dropped table, say: show it, with no count
        }
    }

    private String relation(String schema, String table) {
        return alias + "." + Sql.identifier(schema) + "." + Sql.identifier(table);
    }

    /** Schema ids and names live at the attached snapshot (time travel included). */
    private String liveSchemasSql() {
        return "SELECT schema_id, schema_name FROM " + metadata + ".ducklake_schema WHERE begin_snapshot <= " + snapshotSql()
                + " AND (end_snapshot IS NULL OR end_snapshot > " + snapshotSql() + ")";
    }

    private String snapshotSql() {
        return "(SELECT id FROM " + alias + ".current_snapshot())";
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, RowReader<T> reader) {
        List<T> rows = new ArrayList<>();
        try (Statement statement = lake.connection().createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(reader.read(rs));
            }
        } catch (SQLException e) {
            throw new TestbedException("Cannot read the contents of " + lake.location() + ": " + SqlErrors.message(e), null, e);
        }
        return rows;
    }
}
