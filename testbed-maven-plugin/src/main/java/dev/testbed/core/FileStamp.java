package dev.testbed.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * A file's size, modification time to the nanosecond and identity (inode), as one string: a file replaced, edited or
 * touched gets another stamp. The up-to-date proofs compare stamps to know, without opening a file, that it is unchanged.
 */
public final class FileStamp {

    /** The stamp of a file that does not exist. */
    public static final String ABSENT = "absent";

    private FileStamp() {
    }

    public static String of(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return attributes.size() + ":" + attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS) + ":" + attributes.fileKey();
        } catch (NoSuchFileException e) {
            return ABSENT;
        } catch (IOException e) {
            // unreadable now: a stamp no proof holds, so the check falls back to the full one
            return "unreadable:" + e.getClass().getSimpleName();
        }
    }
}
