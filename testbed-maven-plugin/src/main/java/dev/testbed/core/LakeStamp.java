package dev.testbed.core;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The stamps of a DuckDB-file catalog and its write-ahead log ({@link FileStamp}): every commit to such a lake, by any
 * process, changes one of them, while opening it, reading it or rolling a transaction back leaves both as they were
 * (checked with DuckDB 1.5.5: a read-only attach, a read-write attach that only reads, and a rolled-back transaction).
 * A catalog in PostgreSQL or another database has no such stamp: it can change without any local file showing it.
 *
 * @param files stamp per file, keyed by absolute path
 */
public record LakeStamp(Map<String, String> files) {

    public LakeStamp {
        files = Map.copyOf(files);
    }

    /** The lake's stamp now; empty when its catalog is not a DuckDB file. */
    public static Optional<LakeStamp> of(LakeLocation location) {
        if (!location.isFileCatalog()) {
            return Optional.empty();
        }
        Path catalog = Path.of(location.resolvedCatalog()).toAbsolutePath();
        Map<String, String> stamps = new TreeMap<>();
        stamps.put(catalog.toString(), FileStamp.of(catalog));
        Path log = catalog.resolveSibling(catalog.getFileName() + ".wal");
        stamps.put(log.toString(), FileStamp.of(log));
        return Optional.of(new LakeStamp(stamps));
    }

    /** One line, for a properties file. */
    public String encoded() {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(files).forEach((file, stamp) -> text.append(text.isEmpty() ? "" : "|").append(file).append('=').append(stamp));
        return text.toString();
    }

    /** The stamp {@link #encoded} wrote. */
    public static LakeStamp decode(String text) {
        Map<String, String> files = new TreeMap<>();
        for (String entry : text.split("\\|")) {
            int equals = entry.lastIndexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("not a lake stamp: " + text);
            }
            files.put(entry.substring(0, equals), entry.substring(equals + 1));
        }
        return new LakeStamp(files);
    }
}
