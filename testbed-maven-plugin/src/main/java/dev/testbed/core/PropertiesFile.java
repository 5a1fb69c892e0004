package dev.testbed.core;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The small records the goals keep beside the data set (generate-data's manifest, load-ducklake's up-to-date proof):
 * properties files written under a temporary name and renamed, so that a reader never sees half of one.
 */
public final class PropertiesFile {

    private static final String ROWS = "rows.";

    private PropertiesFile() {
    }

    /** The file's properties; empty when there is no such file. */
    public static Optional<Properties> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return Optional.of(properties);
    }

    /** Writes the properties to {@code partial}, then renames it to {@code file} in one step. */
    public static void write(Path file, Path partial, Properties properties, String comment) throws IOException {
        try (Writer writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            properties.store(writer, comment);
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Rows per table, as {@link #putRows} stored them; throws when one is missing or not a number. */
    public static Map<RawTable, Long> rows(Properties properties) {
        Map<RawTable, Long> rows = new EnumMap<>(RawTable.class);
        for (RawTable table : RawTable.values()) {
            rows.put(table, Long.parseLong(properties.getProperty(ROWS + table.tableName())));
        }
        return rows;
    }

    /** The properties whose key starts with the prefix, by the rest of their key, sorted. */
    public static Map<String, String> prefixed(Properties properties, String prefix) {
        Map<String, String> values = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(prefix)) {
                values.put(key.substring(prefix.length()), properties.getProperty(key));
            }
        }
        return values;
    }

    public static void putRows(Properties properties, Map<RawTable, Long> rows) {
        rows.forEach((table, count) -> properties.setProperty(ROWS + table.tableName(), Long.toString(count)));
    }
}
