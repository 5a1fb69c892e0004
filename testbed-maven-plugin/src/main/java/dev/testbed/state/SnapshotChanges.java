package dev.testbed.state;

import dev.testbed.core.Lake;
import dev.testbed.core.Snapshot;
import dev.testbed.core.SqlErrors;
import dev.testbed.core.TestbedException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DuckLake's per-snapshot {@code changes} with its ids turned back into {@code schema.name}: which snapshot last
 * touched each table, view or schema. Ids are resolved against every name the catalog ever gave them, so dropped and
 * replaced relations still get a name.
 */
public final class SnapshotChanges {

    /** One entry of a snapshot's {@code changes} map: {@code tables_inserted_into=[3, 5]}. */
    /**
     * Change kinds that rewrite how a table is stored (maintenance: inlined rows flushed to Parquet, small files merged)
     * and leave its rows as they were: no new version of the table.
     */
    public static final Set<String> STORAGE_ONLY = Set.of("flushed_inlined", "merge_adjacent");

    private static final Pattern CHANGE = Pattern.compile("(\\w+)=\\[([^\\]]*)\\]");

    private final Map<Long, List<CatalogName>> namesById;

    /**
     * A name DuckLake's catalog gave an id, and the snapshots it held it: from {@code begin} up to, not including,
     * {@code end} (null while it lives). Tables, views and schemas take their ids from one counter, so one map serves all.
     */
    private record CatalogName(long id, String name, long begin, Long end, boolean relation) {

        /** Alive at the snapshot, or dropped or renamed by it: a snapshot's changes name what it dropped. */
        boolean heldAt(long snapshot) {
            return begin <= snapshot && (end == null || end >= snapshot);
        }

        boolean aliveAt(long snapshot) {
            return begin <= snapshot && (end == null || end > snapshot);
        }
    }

    private SnapshotChanges(Map<Long, List<CatalogName>> namesById) {
        this.namesById = namesById;
    }

    /** Reads the names of every table, view and schema the lake's catalog ever held. */
    public static SnapshotChanges read(Lake lake) {
        try {
            return read(lake.connection(), lake.location().alias());
        } catch (SQLException e) {
            throw new TestbedException("Cannot read the catalog of " + lake.location() + ": " + SqlErrors.message(e), null, e);
        }
    }

    /** The same, on {@code connection} to the lake attached as {@code alias}. */
    public static SnapshotChanges read(Connection connection, String alias) throws SQLException {
        String metadata = "__ducklake_metadata_" + alias;
        String schemas = "(SELECT DISTINCT schema_id, schema_name FROM " + metadata + ".ducklake_schema)";
        String sql = "SELECT t.table_id, s.schema_name || '.' || t.table_name, t.begin_snapshot, t.end_snapshot, true FROM " + metadata
                + ".ducklake_table t JOIN " + schemas + " s USING (schema_id)"
                + " UNION ALL SELECT v.view_id, s.schema_name || '.' || v.view_name, v.begin_snapshot, v.end_snapshot, true FROM " + metadata
                + ".ducklake_view v JOIN " + schemas + " s USING (schema_id)"
                + " UNION ALL SELECT schema_id, schema_name, begin_snapshot, end_snapshot, false FROM " + metadata + ".ducklake_schema";
        Map<Long, List<CatalogName>> names = new HashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                CatalogName name = new CatalogName(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getObject(4) == null ? null : rs.getLong(4),
                        rs.getBoolean(5));
                names.computeIfAbsent(name.id(), id -> new ArrayList<>()).add(name);
            }
        }
        return new SnapshotChanges(names);
    }

    /**
     * The tables and views ({@code schema.name}) the lake holds at the snapshot. Read from DuckLake's metadata tables
     * as the names are, this spares a query of {@code information_schema.tables}, which makes DuckLake load its whole
     * catalog.
     */
    public Set<String> relationsAt(long snapshot) {
        Set<String> relations = new HashSet<>();
        namesById.values().forEach(names -> names.stream().filter(n -> n.relation() && n.aliveAt(snapshot)).forEach(n -> relations.add(n.name())));
        return relations;
    }

    /** For each schema.table (or view), the newest of these snapshots that created, changed or replaced it. */
    public Map<String, Long> lastChanges(List<Snapshot> snapshots) {
        Map<String, Long> last = new HashMap<>();
        for (Snapshot snapshot : snapshots) {
            changedTables(snapshot).forEach((kind, names) -> {
                if (!kind.startsWith("schemas_")) {
                    names.forEach(name -> last.merge(name, snapshot.id(), Math::max));
                }
            });
        }
        return last;
    }

    /** The snapshot's changes by kind ({@code tables_inserted_into}, ...), each with the names the ids had then. */
    public Map<String, List<String>> changedTables(Snapshot snapshot) {
        Map<String, List<String>> changes = new LinkedHashMap<>();
        if (snapshot.changes() == null) {
            return changes;
        }
        Matcher matcher = CHANGE.matcher(snapshot.changes());
        while (matcher.find()) {
            List<String> names = new ArrayList<>();
            for (String item : matcher.group(2).split(",\\s*")) {
                if (!item.isBlank()) {
                    names.add(item.strip().matches("\\d+") ? nameAt(Long.parseLong(item.strip()), snapshot.id()) : item.strip());
                }
            }
            changes.put(matcher.group(1), names);
        }
        return changes;
    }

    /** The name an id had at the snapshot (the newest, where the snapshot renamed it); any name it had, if none then. */
    private String nameAt(long id, long snapshot) {
        List<CatalogName> names = namesById.getOrDefault(id, List.of());
        Comparator<CatalogName> newest = Comparator.comparingLong(CatalogName::begin);
        return names.stream().filter(n -> n.heldAt(snapshot)).max(newest)
                .or(() -> names.stream().max(newest))
                .map(CatalogName::name)
                .orElse("id " + id);
    }
}
