package dev.testbed.results;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A data test's configuration besides what it checks.
 *
 * @param severity      {@code severity}: error (the default) or warn
 * @param warnIf        {@code warn_if}, by default {@code != 0}
 * @param errorIf       {@code error_if}, by default {@code != 0}
 * @param tags          {@code tags}, for selecting tests with {@code tag:<name>}
 * @param storeFailures where {@code store_failures: true} keeps the failing rows, or null
 */
public record TestConfig(Severity severity, Threshold warnIf, Threshold errorIf, Set<String> tags, AuditTable storeFailures) {

    /** dbt's audit schema for stored failures: the target schema with this suffix. */
    public static final String AUDIT_SCHEMA_SUFFIX = "_dbt_test__audit";

    /** The default: severity error, any failing row fails. */
    public static final TestConfig DEFAULT = new TestConfig(Severity.ERROR, Threshold.ANY, Threshold.ANY, Set.of(), null);

    /**
     * A table of the audit schema that holds a test's failing rows after each run (empty when the test passed).
     *
     * @param schema   the schema's SQL text, e.g. {@code lake.main_dbt_test__audit}
     * @param table    the table's name: the test's alias
     * @param relation the table's SQL text
     */
    public record AuditTable(String schema, String table, String relation) {
    }

    /**
     * Reads {@code severity}, {@code warn_if}, {@code error_if}, {@code tags} and {@code store_failures} of a test's config.
     *
     * @param audit where failing rows go if the config asks to store them
     * @throws IllegalArgumentException naming the setting whose value is invalid
     */
    public static TestConfig of(Map<String, Object> config, AuditTable audit) {
        return new TestConfig(severity(config.get("severity")), Threshold.parse(config.get("warn_if")), Threshold.parse(config.get("error_if")),
                tags(config.get("tags")), storesFailures(config) ? audit : null);
    }

    /**
     * dbt's {@code store_failures}, or {@code store_failures_as} (which wins, as in dbt): {@code table} stores them,
     * {@code ephemeral} does not. A view, another fail_calc than a count, or another audit schema or database would give
     * other results or relations than dbt's, so they are refused rather than ignored.
     */
    private static boolean storesFailures(Map<String, Object> config) {
        Object failCalc = config.get("fail_calc");
        if (failCalc != null && !String.valueOf(failCalc).replaceAll("\\s+", "").equalsIgnoreCase("count(*)")) {
            throw new IllegalArgumentException("fail_calc '" + failCalc + "' is not supported by this engine, which counts the failing rows "
                    + "(dbt's default count(*)); remove fail_calc or build this project with dbt");
        }
        Object as = config.get("store_failures_as");
        boolean stores = as == null ? flag(config.get("store_failures"), "store_failures") : switch (String.valueOf(as).strip().toLowerCase(Locale.ROOT)) {
            case "table" -> true;
            case "ephemeral" -> false;
            default -> throw new IllegalArgumentException("store_failures_as '" + as + "' is not supported by this engine; use table or ephemeral");
        };
        for (String key : List.of("schema", "database")) {
            if (stores && config.get(key) != null) {
                throw new IllegalArgumentException("the " + key + " config of a test that stores its failures is not supported by this engine, "
                        + "which stores them in <target schema>" + AUDIT_SCHEMA_SUFFIX + "; remove " + key);
            }
        }
        return stores;
    }

    private static Severity severity(Object value) {
        if (value == null) {
            return Severity.ERROR;
        }
        try {
            return Severity.valueOf(String.valueOf(value).strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("severity must be error or warn, got " + value);
        }
    }

    private static Set<String> tags(Object value) {
        if (value == null) {
            return Set.of();
        }
        List<Object> values = value instanceof Collection<?> many ? new ArrayList<>(many) : List.of(value);
        Set<String> tags = new LinkedHashSet<>();
        for (Object tag : values) {
            if (!(tag instanceof String text) || text.isBlank()) {
                throw new IllegalArgumentException("tags must be a name or a list of names, got " + value);
            }
            tags.add(text.strip());
        }
        return Collections.unmodifiableSet(new TreeSet<>(tags));
    }

    private static boolean flag(Object value, String name) {
        if (value == null || value instanceof Boolean) {
            return Boolean.TRUE.equals(value);
        }
        String text = String.valueOf(value).strip().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, got " + value);
        };
    }
}
