package dev.testbed.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Parquet files that generate-data has just written with DuckDB's own COPY, as this process saw each one when its write
 * finished: size, last-modified time and the file system's key for it (the inode), and for a sales file the one month all
 * its rows fall in. load-ducklake, later in the same process, takes these two facts (the pages decode; the month) from
 * here instead of reading every value again, but only for a file whose stamps are still the ones recorded: a file
 * replaced, rewritten or edited since then (a new inode, size or modification time) is decoded as any other file is.
 *
 * <p>Only files a run actually wrote are listed. A data set that generate-data found up to date and left alone gives
 * {@link #NONE}: its manifest's sizes and times show the files were not replaced, but nothing this process saw proves
 * their pages still decode (a byte changed in place, and the time set back, keeps both), so they are decoded as before.
 * Nothing here is written to disk: another process, or a later build of a Maven daemon, starts with nothing trusted.
 */
public final class WrittenFiles {

    /** Trusts no file: every file is decoded. */
    public static final WrittenFiles NONE = new WrittenFiles(Map.of());

    /** What was recorded of one file when its write finished. */
    private record Written(long size, FileTime modified, Object fileKey, Optional<YearMonth> month) {
    }

    private final Map<Path, Written> files;

    private WrittenFiles(Map<Path, Written> files) {
        this.files = Map.copyOf(files);
    }

    /**
     * Records each file as it is now, with the month all its rows fall in (empty for a file not cut by month). Call it
     * right after the files were written.
     */
    public static WrittenFiles recordedNow(Map<Path, Optional<YearMonth>> months) throws IOException {
        Map<Path, Written> files = new HashMap<>();
        for (Map.Entry<Path, Optional<YearMonth>> entry : months.entrySet()) {
            Path file = key(entry.getKey());
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            files.put(file, new Written(attributes.size(), attributes.lastModifiedTime(), attributes.fileKey(), entry.getValue()));
        }
        return new WrittenFiles(files);
    }

    /**
     * The month all rows of {@code file} fall in (empty: none recorded), when {@code file} is one of these and still has the
     * size, time and identity it had when written; else empty, and the file must be decoded.
     */
    public Optional<Optional<YearMonth>> unchanged(Path file) {
        Written written = files.get(key(file));
        if (written == null) {
            return Optional.empty();
        }
        try {
            BasicFileAttributes now = Files.readAttributes(key(file), BasicFileAttributes.class);
            boolean same = now.size() == written.size() && now.lastModifiedTime().equals(written.modified())
                    && Objects.equals(now.fileKey(), written.fileKey());
            return same ? Optional.of(written.month()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // gone or unreadable: decoding it reports what is wrong
        }
    }

    public boolean isEmpty() {
        return files.isEmpty();
    }

    public int size() {
        return files.size();
    }

    private static Path key(Path file) {
        return file.toAbsolutePath().normalize();
    }
}
