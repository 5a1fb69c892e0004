package dev.testbed.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a build of the sample left behind, in a form two builds can be diffed by (bench/speed.sh saves it after each
 * kind of build, so the same command on two commits shows whether a change moved any result):
 * <pre>
 *   LakeFingerprint LAKE_DIR RUN_RESULTS_JSON [REFERENCE_SQL_DIR]
 * </pre>
 * <ul>
 *   <li>{@code relation <schema>.<name>\t<n> cols\t<n> rows\t<hash>} for every table and view of the lake but the
 *       plugin's own history schema: the hash is the sum of every row's DuckDB hash, so it does not depend on row order
 *       (snapshot columns that carry the build's clock are left out);</li>
 *   <li>{@code result <unique_id> <status> <failures>} for every node of run_results.json, sorted;</li>
 *   <li>with REFERENCE_SQL_DIR: the seed's metrics SQL (models.sql) run on the sample's own raw tables, compared with
 *       the sample's metrics tables row by row on their key, one {@code check} line per table naming the columns that
 *       agree on every row and those that do not.</li>
 * </ul>
 * Bare duckdb_jdbc only; the lake is attached read-only.
 */
public final class LakeFingerprint {

    /** Snapshot columns whose values are the build's clock, different in every build. */
    private static final List<String> CLOCK_COLUMNS = List.of("dbt_valid_from", "dbt_updated_at", "dbt_scd_id", "dbt_valid_to");

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: LakeFingerprint LAKE_DIR RUN_RESULTS_JSON [REFERENCE_SQL_DIR]");
            System.exit(2);
        }
        Path lake = Path.of(args[0]).toAbsolutePath();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
            execute(connection, "SET autoinstall_known_extensions = false");
            execute(connection, "ATTACH 'ducklake:" + lake.resolve("warehouse.ducklake") + "' AS lake (READ_ONLY)");
            printRelations(connection);
            printResults(connection, Path.of(args[1]));
            if (args.length == 3) {
                compareMetrics(connection, Path.of(args[2]));
            }
        }
    }

    private static void printRelations(Connection connection) throws SQLException {
        for (List<String> relation : rows(connection, "SELECT table_schema, table_name FROM information_schema.tables "
                + "WHERE table_catalog = 'lake' AND table_schema <> 'testbed' ORDER BY 1, 2")) {
            String name = "lake.\"" + relation.get(0) + "\".\"" + relation.get(1) + "\"";
            List<String> columns = columns(connection, relation.get(0), relation.get(1));
            String hashed = columns.stream().filter(c -> !CLOCK_COLUMNS.contains(c)).map(c -> "\"" + c + "\"")
                    .reduce((a, b) -> a + ", " + b).orElseThrow();
            List<String> figures = rows(connection, "SELECT count(*), sum(hash(" + hashed + ")::HUGEINT) FROM " + name).get(0);
            System.out.printf("relation %s.%s\t%d cols\t%s rows\t%s%n", relation.get(0), relation.get(1), columns.size(),
                    figures.get(0), figures.get(1) == null ? "None" : figures.get(1));
        }
    }

    private static void printResults(Connection connection, Path runResults) throws SQLException {
        if (!Files.isRegularFile(runResults)) {
            System.out.println("result none: no " + runResults);
            return;
        }
        for (List<String> result : rows(connection, "SELECT r.unique_id, r.status, r.failures FROM (SELECT unnest(results) AS r "
                + "FROM read_json('" + runResults.toAbsolutePath() + "', maximum_object_size = 1073741824)) ORDER BY 1")) {
            System.out.printf("result %s %s %s%n", result.get(0), result.get(1), result.get(2) == null ? "None" : result.get(2));
        }
    }

    /** The seed's metrics SQL on the sample's raw tables, in memory, against the sample's metrics tables. */
    private static void compareMetrics(Connection connection, Path referenceSql) throws SQLException {
        execute(connection, "CREATE SCHEMA seed");
        SqlScript.read(referenceSql.resolve("models.sql"), Map.of("source", "lake.raw", "target", "memory.seed")).run(connection);
        for (String table : List.of("customer_metrics", "store_metrics", "product_metrics")) {
            List<String> sampleColumns = columns(connection, "main", table);
            String key = sampleColumns.get(0);
            List<String> same = new ArrayList<>();
            List<String> different = new ArrayList<>();
            for (String column : columns(connection, "memory", "seed", table)) {
                if (column.equals(key) || !sampleColumns.contains(column)) {
                    continue;
                }
                long differing = Long.parseLong(rows(connection, "SELECT count(*) FROM lake.main." + table + " s FULL JOIN memory.seed."
                        + table + " r USING (" + key + ") WHERE s." + column + " IS DISTINCT FROM r." + column).get(0).get(0));
                if (differing == 0) {
                    same.add(column);
                } else {
                    different.add(column + " (" + differing + " rows)");
                }
            }
            String counts = rows(connection, "SELECT (SELECT count(*) FROM lake.main." + table + ") || ' rows, seed SQL ' "
                    + "|| (SELECT count(*) FROM memory.seed." + table + ")").get(0).get(0);
            System.out.printf("check %s: sample %s rows; by %s equal in %s; different in %s%n", table, counts, key,
                    same.isEmpty() ? "none" : String.join(", ", same), different.isEmpty() ? "none" : String.join(", ", different));
        }
        System.out.println(MetricsSummary.of(connection, "lake.main").line("sample"));
    }

    private static List<String> columns(Connection connection, String schema, String table) throws SQLException {
        return columns(connection, "lake", schema, table);
    }

    private static List<String> columns(Connection connection, String catalog, String schema, String table) throws SQLException {
        return rows(connection, "SELECT column_name FROM information_schema.columns WHERE table_catalog = '" + catalog
                + "' AND table_schema = '" + schema + "' AND table_name = '" + table + "' ORDER BY ordinal_position")
                .stream().map(row -> row.get(0)).toList();
    }

    private static List<List<String>> rows(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            int width = result.getMetaData().getColumnCount();
            List<List<String>> rows = new ArrayList<>();
            while (result.next()) {
                List<String> row = new ArrayList<>(width);
                for (int i = 1; i <= width; i++) {
                    row.add(result.getString(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
