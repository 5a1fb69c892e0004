package dev.testbed.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a table's Parquet files lie in a data directory: either one file ({@code sales.parquet}) or a
 * folder of files ({@code sales/*.parquet}, read in name order), never both. generate-data writes a
 * table as one file while it fits in one, and load-ducklake accepts either layout for every table.
 */
public final class DataFiles {

    private DataFiles() {
    }

    /** The table's files in name order; empty when there are none. */
    public static List<Path> find(Path directory, RawTable table) {
        Path single = directory.resolve(table.fileName());
        List<Path> split = inFolder(directory.resolve(table.folderName()));
        if (Files.isRegularFile(single) && !split.isEmpty()) {
            throw new TestbedException("Table " + table.tableName() + " has both " + single + " and " + split.size()
                    + " files in " + directory.resolve(table.folderName()) + "; it is not clear which to load.",
                    "Delete one of them, or regenerate the data with -Dtestbed.generate.force.");
        }
        return Files.isRegularFile(single) ? List.of(single) : split;
    }

    /** The path of {@code file} relative to {@code directory}, with forward slashes (as kept in manifests). */
    public static String relative(Path directory, Path file) {
        return directory.relativize(file).toString().replace('\\', '/');
    }

    private static List<Path> inFolder(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> parquet = new ArrayList<>(files
                    .filter(f -> f.getFileName().toString().endsWith(".parquet") && Files.isRegularFile(f))
                    .toList());
            parquet.sort(null);
            return List.copyOf(parquet);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + folder, e);
        }
    }

    /** Suffix of a file generate-data is still writing; it is renamed into place only when complete. */
    public static final String PARTIAL_SUFFIX = ".part";

    /**
     * Unfinished files ({@code *.part}) in the directory and its table folders, in name order: what a generate-data
     * run that was killed part way leaves behind. Empty when the directory does not exist.
     */
    public static List<Path> partialFiles(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory, 2)) {
            return files.filter(f -> f.getFileName().toString().endsWith(PARTIAL_SUFFIX) && Files.isRegularFile(f)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + directory, e);
        }
    }

    /** Deletes the table's files in both layouts, so a new run never mixes with an older one. */
    public static void deleteAll(Path directory, RawTable table) throws IOException {
        Files.deleteIfExists(directory.resolve(table.fileName()));
        Path folder = directory.resolve(table.folderName());
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(folder);
        }
    }
}
