package dev.testbed.core;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.ReadOnlyFileSystemException;
import java.util.Locale;

/**
 * The operating system's reason for a failed file operation, in words a user can act on, and the kind of
 * remedy that fits it. Java's {@link NoSuchFileException} and {@link AccessDeniedException} carry only the
 * path as their message, so printing {@code e.getMessage()} alone loses the reason; this class restores it.
 */
public final class FileErrors {

    /** What kind of failure it is: it decides the hint, so that a full disk is never blamed on the input files. */
    public enum Kind {
        NO_SPACE, READ_ONLY, PERMISSION_DENIED, NOT_FOUND, NOT_A_DIRECTORY, ALREADY_EXISTS, OTHER
    }

    /** The reason and its kind. */
    public record Reason(Kind kind, String text) {
    }

    private FileErrors() {
    }

    /** The first I/O reason found in {@code error}'s cause chain, or a reason made of its own message. */
    public static Reason reason(Throwable error) {
        int depth = 0;
        for (Throwable t = error; t != null && depth++ < 20; t = t.getCause()) {
            Reason reason = ofException(t);
            if (reason != null) {
                return reason;
            }
        }
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return new Reason(kindOfText(message), message);
    }

    /** "reason" as one phrase, for "Cannot write X: reason". */
    public static String describe(Throwable error) {
        return reason(error).text();
    }

    /** A hint for {@code kind} on {@code path} (what the user was trying to write or read), or null for no specific one. */
    public static String hint(Kind kind, String path) {
        return switch (kind) {
            case NO_SPACE -> "Free space on the file system of " + path + " (df -h shows how much is left), or point the build at a larger one";
            case READ_ONLY -> path + " is on a read-only file system: choose a writable location";
            case PERMISSION_DENIED -> "Make " + path + " writable by the user running the build, or choose another location";
            case NOT_FOUND, NOT_A_DIRECTORY -> "Check the path: a folder on the way to " + path + " is missing or is not a folder";
            case ALREADY_EXISTS -> "Remove or rename " + path + ", or choose another location";
            case OTHER -> null;
        };
    }

    private static Reason ofException(Throwable t) {
        if (t instanceof NoSuchFileException e) {
            return new Reason(Kind.NOT_FOUND, "no such file or directory: " + e.getFile());
        }
        if (t instanceof AccessDeniedException e) {
            return new Reason(Kind.PERMISSION_DENIED, "permission denied: " + e.getFile());
        }
        if (t instanceof NotDirectoryException e) {
            return new Reason(Kind.NOT_A_DIRECTORY, "not a directory: " + e.getFile());
        }
        if (t instanceof FileAlreadyExistsException e) {
            return new Reason(Kind.ALREADY_EXISTS, "already exists: " + e.getFile());
        }
        if (t instanceof DirectoryNotEmptyException e) {
            return new Reason(Kind.OTHER, "directory not empty: " + e.getFile());
        }
        if (t instanceof ReadOnlyFileSystemException) {
            return new Reason(Kind.READ_ONLY, "read-only file system");
        }
        if (t instanceof FileSystemException e) {
            // getReason() is the OS's strerror text, e.g. "No space left on device" or "Read-only file system"
            String reason = e.getReason() != null ? e.getReason() : e.getMessage();
            return new Reason(kindOfText(reason), reason + (e.getFile() == null ? "" : ": " + e.getFile()));
        }
        if (t instanceof IOException e && e.getMessage() != null) {
            Kind kind = kindOfText(e.getMessage());
            // a plain IOException is often our own wrapper ("Cannot write X"); keep looking for the OS's reason below it
            return kind == Kind.OTHER && e.getCause() != null ? null : new Reason(kind, e.getMessage());
        }
        if (t instanceof java.sql.SQLException e && e.getMessage() != null && kindOfText(e.getMessage()) != Kind.OTHER) {
            return new Reason(kindOfText(e.getMessage()), SqlErrors.message(e));
        }
        return null;
    }

    /** The kind of a message from the OS or from DuckDB, which quotes the OS's strerror text in its own errors. */
    public static Kind kindOfText(String message) {
        String text = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (text.contains("no space left on device") || text.contains("disk quota exceeded")) {
            return Kind.NO_SPACE;
        }
        if (text.contains("read-only file system")) {
            return Kind.READ_ONLY;
        }
        if (text.contains("permission denied") || text.contains("operation not permitted")) {
            return Kind.PERMISSION_DENIED;
        }
        if (text.contains("no such file or directory")) {
            return Kind.NOT_FOUND;
        }
        if (text.contains("not a directory")) {
            return Kind.NOT_A_DIRECTORY;
        }
        return Kind.OTHER;
    }
}
