package dev.testbed.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileErrorsTest {

    @Test
    void aMissingParentFolderIsNamedWithTheReasonThatJavaLeavesOut(@TempDir Path dir) {
        Path file = dir.resolve("nope/x.ducklake");
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> Files.writeString(file, "x"));
        // NoSuchFileException's own message is only the path
        assertEquals(file.toString(), e.getMessage());
        FileErrors.Reason reason = FileErrors.reason(new UncheckedIOException("Cannot create " + file, e));
        assertEquals(FileErrors.Kind.NOT_FOUND, reason.kind());
        assertEquals("no such file or directory: " + file, reason.text());
    }

    @Test
    void theOperatingSystemsReasonIsFoundBelowOurOwnWrappers() {
        IOException os = new FileSystemException("/data/sales-000.parquet", null, "No space left on device");
        Exception wrapped = new IllegalStateException("load failed", new IOException("Cannot copy a into b", os));
        FileErrors.Reason reason = FileErrors.reason(wrapped);
        assertEquals(FileErrors.Kind.NO_SPACE, reason.kind());
        assertEquals("No space left on device: /data/sales-000.parquet", reason.text());
        assertTrue(FileErrors.hint(reason.kind(), "/data").contains("Free space"));
    }

    @Test
    void duckDbsQuotedReasonsAreRecognised() {
        assertEquals(FileErrors.Kind.READ_ONLY,
                FileErrors.kindOfText("IO Error: Cannot open file \"/ro/x.parquet\": Read-only file system"));
        assertEquals(FileErrors.Kind.OTHER, FileErrors.kindOfText("Catalog Error: Table with name x does not exist!"));
    }
}
