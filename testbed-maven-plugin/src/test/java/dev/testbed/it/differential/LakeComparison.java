package dev.testbed.it.differential;

import dev.testbed.core.Sql;
import dev.testbed.core.SqlErrors;
import dev.testbed.history.RunHistory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares what the plugin and dbt built in their lakes: the same {@code schema.relation} names, each of the same kind,
 * with the same columns in the same order and of the same types, holding the same rows as multisets ({@code EXCEPT ALL}
 * both ways). The sources setup.sql made, and the schema the plugin keeps its run history in, are left out.
 * <p>
 * Both lakes cannot be attached under the profile's alias at once, and the views in them name that alias (dbt writes
 * {@code "lake"."main"."x"} into a view's SQL), so the plugin's relations are first read into temporary tables of the
 * comparing DuckDB, and then dbt's lake is attached in its place.
 */
public final class LakeComparison {

    /** Schemas only the plugin writes, for its own bookkeeping: dbt has no counterpart to compare them with. */
    public static final Set<String> PLUGIN_BOOKKEEPING_SCHEMAS = Set.of(RunHistory.SCHEMA);

    private static final int EXAMPLE_ROWS = 3;

    private LakeComparison() {
    }

    /** The relations of a lake outside the plugin's bookkeeping, by {@code schema.relation}: what setup.sql made, when called after it. */
    public static Set<String> relationNames(LakeFolder lake, String alias) {
        try (Connection connection = LakeFolder.duckDb(); Statement statement = connection.createStatement()) {
            statement.execute(lake.attachSql(alias, true));
            return new TreeSet<>(compared(Relation.list(connection, alias), Set.of()).keySet());
        } catch (SQLException e) {
            throw new AssertionError("Cannot list the relations of the lake " + lake.directory() + ": " + SqlErrors.message(e), e);
        }
    }

    /** Every difference found, one message each; empty when the lakes hold the same relations. */
    public static List<String> compare(LakeFolder plugin, LakeFolder dbt, String alias, Set<String> sources) {
        return compare(plugin, dbt, alias, sources, null);
    }

    /**
     * As {@link #compare(LakeFolder, LakeFolder, String, Set)}, with the timestamps from {@code builtSince} on compared as the
     * builds' own times ({@link BuildTimes}): by their order within each relation, not their value.
     */
    public static List<String> compare(LakeFolder plugin, LakeFolder dbt, String alias, Set<String> sources, LocalDateTime builtSince) {
        List<String> differences = new ArrayList<>();
        try (Connection connection = LakeFolder.duckDb(); Statement statement = connection.createStatement()) {
            statement.execute(plugin.attachSql(alias, true));
            Map<String, Relation> ours = compared(Relation.list(connection, alias), sources);
            Map<String, String> copies = new LinkedHashMap<>();
            for (Relation relation : ours.values()) {
                String copy = "plugin_" + copies.size();
                try {
                    statement.execute("CREATE TEMP TABLE " + copy + " AS SELECT * FROM " + qualified(alias, relation));
                    copies.put(relation.qualifiedName(), copy);
                } catch (SQLException e) {
                    differences.add(relation.qualifiedName() + ": the plugin's cannot be read: " + SqlErrors.message(e));
                }
            }
            statement.execute("DETACH " + Sql.identifier(alias));
            statement.execute(dbt.attachSql(alias, true));
            Map<String, Relation> theirs = compared(Relation.list(connection, alias), sources);

            Set<String> names = new TreeSet<>(ours.keySet());
            names.addAll(theirs.keySet());
            for (String name : names) {
                Relation mine = ours.get(name);
                Relation dbts = theirs.get(name);
                if (dbts == null) {
                    differences.add(name + ": only the plugin built it (" + describe(mine) + ")" + elsewhere(name, theirs));
                } else if (mine == null) {
                    differences.add(name + ": only dbt built it (" + describe(dbts) + ")" + elsewhere(name, ours));
                } else {
                    if (!mine.kind().equals(dbts.kind())) {
                        differences.add(name + ": the plugin built a " + kind(mine) + ", dbt a " + kind(dbts));
                    }
                    if (!mine.columns().equals(dbts.columns())) {
                        differences.add(name + ": columns differ: plugin " + mine.columns() + ", dbt " + dbts.columns());
                    }
                    List<String> common = commonColumns(mine, dbts);
                    if (copies.containsKey(name) && !common.isEmpty()) {
                        compareRows(connection, name, BuildTimes.select(copies.get(name), common, types(mine), builtSince),
                                BuildTimes.select(qualified(alias, dbts), common, types(dbts), builtSince), common,
                                !mine.columns().equals(dbts.columns())).ifPresent(differences::add);
                    }
                }
            }
        } catch (SQLException e) {
            differences.add("the lakes could not be compared: " + SqlErrors.message(e));
        }
        return differences;
    }

    /**
     * Rows compared by column name, over the columns both sides have (all of them, unless the columns differ, which is
     * reported on its own): a column order or a missing column does not hide which rows differ in the others.
     */
    private static Optional<String> compareRows(Connection connection, String name, String ours, String theirs, List<String> columns,
                                                boolean columnsDiffer) {
        try {
            String onlyOurs = ours + " EXCEPT ALL " + theirs;
            String onlyTheirs = theirs + " EXCEPT ALL " + ours;
            long pluginOnly = count(connection, onlyOurs);
            long dbtOnly = count(connection, onlyTheirs);
            if (pluginOnly == 0 && dbtOnly == 0) {
                return Optional.empty();
            }
            StringBuilder message = new StringBuilder(name + ": rows differ" + (columnsDiffer ? " in the columns both have " + columns : "")
                    + ": the plugin has " + count(connection, ours)
                    + " rows, dbt " + count(connection, theirs) + "; " + pluginOnly + " only in the plugin's, " + dbtOnly
                    + " only in dbt's");
            examples(connection, onlyOurs, "only in the plugin's", message);
            examples(connection, onlyTheirs, "only in dbt's", message);
            return Optional.of(message.toString());
        } catch (SQLException e) {
            return Optional.of(name + ": rows could not be compared: " + SqlErrors.message(e));
        }
    }

    private static void examples(Connection connection, String sql, String label, StringBuilder message) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql + " LIMIT " + EXAMPLE_ROWS)) {
            int width = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>(width);
                for (int c = 1; c <= width; c++) {
                    values.add(String.valueOf(rs.getObject(c)));
                }
                message.append("\n      ").append(label).append(": (").append(String.join(", ", values)).append(')');
            }
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT count(*) FROM (" + sql + ")")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Map<String, Relation> compared(Map<String, Relation> relations, Set<String> sources) {
        Map<String, Relation> kept = new LinkedHashMap<>(relations);
        kept.values().removeIf(r -> PLUGIN_BOOKKEEPING_SCHEMAS.contains(r.schema()) || sources.contains(r.qualifiedName()));
        return kept;
    }

    private static Map<String, String> types(Relation relation) {
        Map<String, String> types = new LinkedHashMap<>();
        relation.columns().forEach(column -> types.put(column.name(), column.type()));
        return types;
    }

    private static List<String> commonColumns(Relation mine, Relation dbts) {
        Set<String> theirs = new HashSet<>(dbts.columns().stream().map(Relation.Column::name).toList());
        return mine.columns().stream().map(Relation.Column::name).filter(theirs::contains).toList();
    }

    /** A hint for misplaced relations: the same name in another schema of the other lake. */
    private static String elsewhere(String name, Map<String, Relation> other) {
        String relation = name.substring(name.indexOf('.') + 1);
        List<String> found = other.values().stream().filter(r -> r.name().equals(relation)).map(Relation::qualifiedName).toList();
        return found.isEmpty() ? "" : "; the other has " + String.join(", ", found);
    }

    private static String describe(Relation relation) {
        return kind(relation) + " " + relation.columns();
    }

    private static String kind(Relation relation) {
        return relation.kind().equals("VIEW") ? "view" : "table";
    }

    private static String qualified(String alias, Relation relation) {
        return Sql.identifier(alias) + "." + Sql.identifier(relation.schema()) + "." + Sql.identifier(relation.name());
    }
}
