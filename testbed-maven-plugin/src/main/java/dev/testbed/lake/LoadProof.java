package dev.testbed.lake;

import dev.testbed.core.DataFiles;
import dev.testbed.core.FileStamp;
import dev.testbed.core.LakeLocation;
import dev.testbed.core.LakeStamp;
import dev.testbed.core.PropertiesFile;
import dev.testbed.core.RawTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What lets load-ducklake say "up to date" without starting DuckDB or reading a Parquet footer. The last time it
 * proved with DuckDB that a lake held a load of the data directory's files, it noted the stamps (size, modification
 * time to the nanosecond, inode) of those files, of the lake's catalog file and its write-ahead log, and of the data
 * files the catalog lists for the raw tables. While every one of them is unchanged, neither the input nor the lake
 * can have changed, so the earlier proof still holds; any difference sends the goal back to asking the lake.
 *
 * <p>Only a local DuckDB-file catalog on a local data path has such stamps: every write to it, by any process,
 * changes the catalog file or its log. A PostgreSQL (or other database) catalog can change without any local file
 * showing it, so for those the loader always asks the catalog.
 *
 * <p>The record lives in the data directory ({@value #FILE_NAME}), beside generate-data's manifest: it describes
 * those files, and it is only a shortcut. Deleting it costs one check with DuckDB, never a wrong answer.
 *
 * @param lake          the catalog and data path the proof is about
 * @param fingerprint   the files' fingerprint (see {@link LakeLoader#fingerprint})
 * @param loadSnapshot  the snapshot that loaded these files
 * @param lakeSnapshot  the lake's snapshot when the proof was made
 * @param rows          rows per table
 * @param sources       stamp of every data directory file, keyed by its path relative to the directory
 * @param lakeFiles     stamp of the catalog file, its log and the raw tables' data files, keyed by absolute path
 */
record LoadProof(String lake, String fingerprint, long loadSnapshot, long lakeSnapshot, Map<RawTable, Long> rows,
                 Map<String, String> sources, Map<String, String> lakeFiles) {

    static final String FILE_NAME = "testbed-loaded.properties";
    private static final String SOURCE = "source.";
    private static final String LAKE_FILE = "lake-file.";

    /** True when the location has stamps that show every change to it (see the class comment). */
    static boolean applies(LakeLocation location) {
        return location.isFileCatalog() && location.isLocalDataPath();
    }

    /** A proof for the location, stamped now; empty when one of the lake's data files is gone (then there is nothing to prove). */
    static Optional<LoadProof> stamp(Path directory, LakeLocation location, String fingerprint, long loadSnapshot, long lakeSnapshot,
                                     Map<RawTable, Long> rows, Collection<Path> rawDataFiles) {
        Map<String, String> lakeFiles = catalogStamps(location);
        for (Path file : rawDataFiles) {
            String stamp = FileStamp.of(file);
            if (stamp.equals(FileStamp.ABSENT)) {
                return Optional.empty();
            }
            lakeFiles.put(file.toAbsolutePath().toString(), stamp);
        }
        return Optional.of(new LoadProof(lakeKey(location), fingerprint, loadSnapshot, lakeSnapshot, rows, sourceStamps(directory), lakeFiles));
    }

    /** Stamps of the catalog file and its write-ahead log: any process's write to the catalog changes one of them. */
    static Map<String, String> catalogStamps(LakeLocation location) {
        return new TreeMap<>(LakeStamp.of(location).map(LakeStamp::files).orElse(Map.of()));
    }

    /** True when the lake, the files and every stamp are exactly as they were when this proof was made. */
    boolean stillHolds(Path directory, LakeLocation location) {
        return lake.equals(lakeKey(location)) && sources.equals(sourceStamps(directory))
                && lakeFiles.entrySet().stream().allMatch(e -> FileStamp.of(Path.of(e.getKey())).equals(e.getValue()));
    }

    private static String lakeKey(LakeLocation location) {
        return location.resolvedCatalog() + " " + location.resolvedDataPath();
    }

    private static Map<String, String> sourceStamps(Path directory) {
        Map<String, String> stamps = new TreeMap<>();
        for (RawTable table : RawTable.values()) {
            for (Path file : DataFiles.find(directory, table)) {
                stamps.put(DataFiles.relative(directory, file), FileStamp.of(file));
            }
        }
        return stamps;
    }

    static Optional<LoadProof> read(Path directory) {
        try {
            return PropertiesFile.read(directory.resolve(FILE_NAME)).map(properties -> new LoadProof(properties.getProperty("lake"),
                    properties.getProperty("fingerprint"), Long.parseLong(properties.getProperty("loadSnapshot")),
                    Long.parseLong(properties.getProperty("lakeSnapshot")), PropertiesFile.rows(properties),
                    PropertiesFile.prefixed(properties, SOURCE), PropertiesFile.prefixed(properties, LAKE_FILE)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable or from another version: no shortcut, the lake is asked
        }
    }

    /**
     * Writes the proof atomically. Failing to write it (a read-only data directory of the user's own files) only
     * loses the shortcut, so it is reported back rather than thrown.
     */
    Optional<IOException> write(Path directory) {
        Properties properties = new Properties();
        properties.setProperty("lake", lake);
        properties.setProperty("fingerprint", fingerprint);
        properties.setProperty("loadSnapshot", Long.toString(loadSnapshot));
        properties.setProperty("lakeSnapshot", Long.toString(lakeSnapshot));
        PropertiesFile.putRows(properties, rows);
        sources.forEach((name, stamp) -> properties.setProperty(SOURCE + name, stamp));
        lakeFiles.forEach((name, stamp) -> properties.setProperty(LAKE_FILE + name, stamp));
        try {
            // not DataFiles.PARTIAL_SUFFIX: a left-over *.part file means a half-generated data set and blocks loading
            PropertiesFile.write(directory.resolve(FILE_NAME), directory.resolve(FILE_NAME + ".tmp"), properties,
                    "Written by testbed load-ducklake: a shortcut for its up-to-date check; safe to delete");
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(e);
        }
    }

    /** Removes a proof, so that a lake just changed by a load is next checked with DuckDB. */
    static void forget(Path directory) {
        try {
            Files.deleteIfExists(directory.resolve(FILE_NAME));
        } catch (IOException e) {
            // a proof left behind is harmless: the catalog's stamp no longer matches it
        }
    }
}
