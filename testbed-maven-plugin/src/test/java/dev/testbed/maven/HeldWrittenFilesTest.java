package dev.testbed.maven;

import static org.junit.jupiter.api.Assertions.assertSame;

import dev.testbed.core.WrittenFiles;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.DefaultMavenExecutionResult;
import org.apache.maven.execution.MavenSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What generate-data wrote reaches load-ducklake of the same invocation and data directory, once, and nothing else. */
class HeldWrittenFilesTest {

    @TempDir
    Path directory;

    private WrittenFiles written() throws IOException {
        Path file = Files.writeString(directory.resolve("products.parquet"), "bytes");
        return WrittenFiles.recordedNow(Map.of(file, Optional.empty()));
    }

    @SuppressWarnings("deprecation")
    private static MavenSession startedAt(long millis) {
        DefaultMavenExecutionRequest request = new DefaultMavenExecutionRequest();
        request.setStartTime(new Date(millis));
        return new MavenSession(null, request, new DefaultMavenExecutionResult(), List.of());
    }

    @Test
    void theSameInvocationTakesWhatGenerateDataWroteOnce() throws IOException {
        WrittenFiles files = written();
        MavenSession build = startedAt(1_000);
        HeldWrittenFiles.hold(build, directory.toFile(), files);
        assertSame(files, HeldWrittenFiles.take(build, new File(directory.toFile(), "../" + directory.getFileName())), "same folder, spelled differently");
        assertSame(WrittenFiles.NONE, HeldWrittenFiles.take(build, directory.toFile()), "taken: a second load decodes");
    }

    @Test
    void anotherInvocationOrDataDirectoryGetsNothing() throws IOException {
        WrittenFiles files = written();
        HeldWrittenFiles.hold(startedAt(1_000), directory.toFile(), files);
        assertSame(WrittenFiles.NONE, HeldWrittenFiles.take(startedAt(2_000), directory.toFile()), "a later build of a Maven daemon");

        HeldWrittenFiles.hold(startedAt(1_000), directory.toFile(), files);
        assertSame(WrittenFiles.NONE, HeldWrittenFiles.take(startedAt(1_000), directory.resolve("other").toFile()));
        assertSame(WrittenFiles.NONE, HeldWrittenFiles.take(null, directory.toFile()), "no session: nothing to tell builds apart");
    }
}
