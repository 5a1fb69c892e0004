package dev.testbed.it.differential;

import dev.testbed.core.Sql;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How the comparison sees values that take a build's own clock. A snapshot dates the versions it finds by the time of the
 * build (the check strategy's {@code dbt_valid_from} and {@code dbt_updated_at}, the {@code dbt_valid_to} of a deleted row),
 * and hashes that time into {@code dbt_scd_id}; two separate builds cannot agree on those values, only on their pattern.
 * <p>
 * A build time is a timestamp at or after {@code since} (before the project's first run) and before the year 9000 (so that
 * {@code dbt_valid_to_current} values such as 9999-12-31 stay exact). In each relation, each side's distinct build times are
 * numbered in order, and a value is compared as its number ("build time 2"): the same rows must carry the same build's time,
 * null stays null, and every other value compares exactly. A 32-hex-digit text (an md5, like {@code dbt_scd_id}) in a row that
 * holds a build time may hash that time, so there it is compared only as being such a hash; in the other rows it is exact,
 * which proves the hash itself (the timestamp strategy's versions, dated by the source's own column).
 */
final class BuildTimes {

    private static final String FUTURE = "TIMESTAMP '9000-01-01'";

    private BuildTimes() {
    }

    /**
     * The select of {@code columns} from {@code table} with build times numbered and their hashes masked; the plain select
     * when no column is a timestamp or {@code since} is null.
     *
     * @param types each column's DuckDB type, by name
     */
    static String select(String table, List<String> columns, Map<String, String> types, LocalDateTime since) {
        List<String> times = columns.stream().filter(c -> types.getOrDefault(c, "").startsWith("TIMESTAMP")).toList();
        if (since == null || times.isEmpty()) {
            return "SELECT " + columns.stream().map(Sql::identifier).collect(Collectors.joining(", ")) + " FROM " + table;
        }
        String sinceLiteral = "TIMESTAMP " + Sql.literal(since.toString().replace('T', ' '));
        String inRow = times.stream().map(c -> isBuildTime(c, sinceLiteral)).collect(Collectors.joining(" OR "));
        String list = "(SELECT list(DISTINCT v ORDER BY v) FROM (SELECT unnest([" + times.stream().map(c -> Sql.identifier(c) + "::TIMESTAMP")
                .collect(Collectors.joining(", ")) + "]) AS v FROM " + table + ") WHERE v >= " + sinceLiteral + " AND v < " + FUTURE + ")";
        String values = columns.stream().map(c -> {
            String id = Sql.identifier(c);
            if (times.contains(c)) {
                return "CASE WHEN " + isBuildTime(c, sinceLiteral) + " THEN 'build time ' || list_position(build_times.numbered, " + id
                        + "::TIMESTAMP) ELSE CAST(" + id + " AS VARCHAR) END AS " + id;
            }
            if (types.getOrDefault(c, "").equals("VARCHAR")) {
                return "CASE WHEN (" + inRow + ") AND regexp_full_match(" + id + ", '[0-9a-f]{32}') THEN 'a hash of a build time' ELSE " + id
                        + " END AS " + id;
            }
            return id;
        }).collect(Collectors.joining(", "));
        return "SELECT * FROM (SELECT " + values + " FROM " + table + ", (SELECT " + list + " AS numbered) AS build_times)";
    }

    private static String isBuildTime(String column, String since) {
        String value = Sql.identifier(column) + "::TIMESTAMP";
        return "(" + value + " >= " + since + " AND " + value + " < " + FUTURE + ")";
    }
}
