package dev.testbed.project;

import dev.testbed.core.TestbedException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The configs that shape how a seed's CSV becomes a table, read from its resolved config.
 *
 * @param columnTypes  {@code column_types}: header name (matched exactly) to the SQL type that replaces the inferred one
 * @param quoteColumns {@code quote_columns}, dbt's default true: column names are quoted, so any header works as a name
 * @param delimiter    {@code delimiter}, default {@code ,}
 * @param fullRefresh  {@code full_refresh}: null follows the run's full refresh; true always drops and recreates the table;
 *                     false never does, even in a full-refresh run (dbt's should_full_refresh)
 */
public record SeedOptions(Map<String, String> columnTypes, boolean quoteColumns, String delimiter, Boolean fullRefresh) {

    /**
     * @param seed    the seed's name, for messages
     * @param raw     the seed's resolved config (keys without {@code +})
     * @param originOf where a key was set, for messages
     * @throws TestbedException naming the seed, the key and where it was set, for a value of the wrong shape
     */
    public static SeedOptions of(String seed, Map<String, Object> raw, UnaryOperator<String> originOf) {
        Map<String, String> columnTypes = new LinkedHashMap<>();
        Object types = raw.get("column_types");
        if (types instanceof Map<?, ?> map) {
            map.forEach((column, type) -> {
                if (type == null || type instanceof Map<?, ?> || type instanceof Iterable<?>) {
                    throw wrong(seed, "column_types", originOf, "a mapping of column: type, but '" + column + "' has " + type,
                            "+column_types: {" + column + ": varchar}");
                }
                columnTypes.put(String.valueOf(column), String.valueOf(type));
            });
        } else if (types != null) {
            throw wrong(seed, "column_types", originOf, "a mapping of column: type, got " + types, "+column_types: {id: bigint, name: varchar}");
        }
        Object delimiter = raw.get("delimiter");
        if (delimiter != null && !(delimiter instanceof String text && text.length() == 1)) {
            throw wrong(seed, "delimiter", originOf, "one character, got '" + delimiter + "'", "+delimiter: \";\"");
        }
        return new SeedOptions(Collections.unmodifiableMap(columnTypes), flag(seed, raw, "quote_columns", originOf, true),
                delimiter == null ? "," : (String) delimiter, raw.get("full_refresh") == null ? null : flag(seed, raw, "full_refresh", originOf, false));
    }

    /** Whether this run drops and recreates the seed's table rather than truncating it (dbt's should_full_refresh). */
    public boolean fullRefresh(boolean runFullRefresh) {
        return fullRefresh == null ? runFullRefresh : fullRefresh;
    }

    private static boolean flag(String seed, Map<String, Object> raw, String key, UnaryOperator<String> originOf, boolean absent) {
        Object value = raw.get(key);
        if (value == null) {
            return absent;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = String.valueOf(value).strip().toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw wrong(seed, key, originOf, "true or false, got " + value, "+" + key + ": true");
    }

    private static TestbedException wrong(String seed, String key, UnaryOperator<String> originOf, String expected, String example) {
        return new TestbedException("Seed " + seed + " (" + originOf.apply(key) + "): " + key + " must be " + expected + ".", "Write it as " + example + ".");
    }
}
