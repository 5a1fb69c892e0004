package dev.testbed.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The record generate-data leaves beside its Parquet files: which parameters produced them, their
 * fingerprint, row counts, how many rows at most went into one file, and each file's size and
 * modification time. It lets generate-data skip work when nothing changed, and lets load-ducklake
 * name the data set in its commit message.
 *
 * @param description the generating parameters, e.g. {@code seed=42 customers=5000 ...}
 * @param fingerprint a short hash of the parameters and generator version
 * @param rowsPerFile the most rows written to one file (a layout choice: it never changes the content)
 * @param rows        rows per table
 * @param files       size and modification time per file, keyed by its path relative to the directory
 */
public record DatasetManifest(String description, String fingerprint, long rowsPerFile, Map<RawTable, Long> rows,
                              Map<String, FileStamp> files) {

    public static final String FILE_NAME = "testbed-dataset.properties";
    private static final String FILE_PREFIX = "file.";

    /** Size and modification time of a file: enough to notice that it was replaced or edited. */
    public record FileStamp(long size, long modifiedMillis) {

        public static FileStamp of(Path file) throws IOException {
            return new FileStamp(Files.size(file), Files.getLastModifiedTime(file).toMillis());
        }

        String encode() {
            return size + ":" + modifiedMillis;
        }

        static FileStamp decode(String value) {
            String[] parts = value.split(":");
            return new FileStamp(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
        }
    }

    public static Optional<DatasetManifest> read(Path directory) {
        try {
            return PropertiesFile.read(directory.resolve(FILE_NAME)).map(properties -> {
                Map<String, FileStamp> files = new TreeMap<>();
                for (String key : properties.stringPropertyNames()) {
                    if (key.startsWith(FILE_PREFIX)) {
                        files.put(key.substring(FILE_PREFIX.length()), FileStamp.decode(properties.getProperty(key)));
                    }
                }
                return new DatasetManifest(properties.getProperty("dataset"), properties.getProperty("fingerprint"),
                        Long.parseLong(properties.getProperty("rowsPerFile")), PropertiesFile.rows(properties), files);
            });
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable or from an older version: treat as absent, data gets regenerated
        }
    }

    /** Writes the manifest atomically, so a crash never leaves one that describes half-written data. */
    public void write(Path directory) {
        Properties properties = new Properties();
        properties.setProperty("dataset", description);
        properties.setProperty("fingerprint", fingerprint);
        properties.setProperty("rowsPerFile", Long.toString(rowsPerFile));
        PropertiesFile.putRows(properties, rows);
        files.forEach((name, stamp) -> properties.setProperty(FILE_PREFIX + name, stamp.encode()));
        Path target = directory.resolve(FILE_NAME);
        try {
            PropertiesFile.write(target, directory.resolve(FILE_NAME + DataFiles.PARTIAL_SUFFIX), properties, "Written by testbed generate-data; do not edit");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target, e);
        }
    }

    /** True when the directory holds exactly the files listed, each still exactly as generate-data left it. */
    public boolean filesUnchanged(Path directory) {
        Map<String, FileStamp> found = new TreeMap<>();
        try {
            for (RawTable table : RawTable.values()) {
                for (Path file : DataFiles.find(directory, table)) {
                    found.put(DataFiles.relative(directory, file), FileStamp.of(file));
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return found.equals(new TreeMap<>(files));
    }

    public static void delete(Path directory) {
        try {
            Files.deleteIfExists(directory.resolve(FILE_NAME));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the stale manifest in " + directory, e);
        }
    }
}
