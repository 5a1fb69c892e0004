package dev.testbed.lake;

import dev.testbed.core.LakeLocation;
import dev.testbed.core.RawTable;
import dev.testbed.core.TestbedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where a file that is registered as it is goes in the lake's data path, and how it gets there: copied
 * ({@link LoadMode#AUTO}) or hard-linked ({@link LoadMode#LINK}). Files of a month-partitioned table go
 * into DuckLake's own partition folders ({@code year=2024/month=3/}), from which
 * {@code ducklake_add_data_files} takes their partition values.
 */
final class FilePlacement {

    private final LakeLocation location;
    private final LoadMode mode;
    private final String fingerprint;

    FilePlacement(LakeLocation location, LoadMode mode, String fingerprint) {
        this.location = location;
        this.mode = mode;
        this.fingerprint = fingerprint;
    }

    /** What {@link #place} does to a file, for the log: "copied" or "linked". */
    String verb() {
        return mode == LoadMode.LINK ? "linked" : "copied";
    }

    /**
     * Puts the file into the lake's data path and returns where, or empty when this mode or data path
     * inserts rows instead. Each placed file is added to {@code placed} first, so a rolled-back load can
     * remove it.
     */
    Optional<Path> place(RawTable table, Path source, Optional<YearMonth> month, List<Path> placed) {
        if (mode == LoadMode.INSERT || !location.isLocalDataPath()) {
            return Optional.empty();
        }
        Path folder = Path.of(location.resolvedDataPath(), RawTable.SCHEMA, table.tableName());
        if (month.isPresent()) {
            folder = folder.resolve("year=" + month.get().getYear()).resolve("month=" + month.get().getMonthValue());
        }
        String name = "testbed-load-" + fingerprint + "-" + UUID.randomUUID().toString().substring(0, 8) + "-" + source.getFileName();
        Path target = folder.resolve(name);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + folder + " in the lake's data path", e);
        }
        placed.add(target);
        if (mode == LoadMode.LINK) {
            link(source, target);
        } else {
            copy(source, target);
        }
        return Optional.of(target);
    }

    private static void link(Path source, Path target) {
        try {
            Files.createLink(target, source);
        } catch (IOException | UnsupportedOperationException e) {
            throw new TestbedException("Cannot hard-link " + source + " into the lake as " + target + " (" + e.getMessage()
                    + "): load mode link needs the data directory and the lake's data path on one file system that supports hard links.",
                    "Use -Dtestbed.load.mode=auto (copies the files), or put -Dtestbed.dataDirectory on the same disk as -Dtestbed.dataPath.", e);
        }
    }

    private static void copy(Path source, Path target) {
        try {
            Files.copy(source, target);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy " + source + " into the lake at " + target, e);
        }
    }
}
