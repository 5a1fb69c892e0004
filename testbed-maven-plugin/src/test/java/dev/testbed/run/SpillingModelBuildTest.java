package dev.testbed.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import dev.testbed.compile.Target;
import dev.testbed.core.DuckDb;
import dev.testbed.core.DuckDbSettings;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import dev.testbed.results.ModelStatus;
import dev.testbed.results.RunResult;
import dev.testbed.task.RunModelsTask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model that needs more memory than DuckDB's limit is built by spilling to the temp directory, not failed. */
class SpillingModelBuildTest {

    @TempDir
    Path work;

    @Test
    void aModelLargerThanA64MbLimitIsBuiltWhole() throws Exception {
        EventsProject events = EventsProject.create(work);
        // distinct pairs of 3 M numbers: without a folder to spill to, DuckDB fails this at 64 MB (DuckDbMemoryTest)
        TestData.write(events.root(), "models/pairs.sql", """
                {{ config(materialized='table') }}
                select distinct i, i * 2 as j from range(3000000) t(i)
                """);
        Path temp = work.resolve("target/testbed/duckdb-tmp");
        DuckDbSettings settings = new DuckDbSettings(1, "64MB", temp, null, null);
        RunRequest request = new RunRequest(events.root(), events.location(), new Target("dev", "main", Lake.ALIAS), Map.of(), null, null,
                false, work.resolve("out"));

        AtomicBoolean spilled = new AtomicBoolean();
        Thread watcher = watchForSpillFolders(temp, spilled);
        RunResult result;
        try {
            result = new RunModelsTask(settings, TestData.QUIET).run(request);
        } finally {
            watcher.interrupt();
            watcher.join();
        }

        assertEquals(ModelStatus.SUCCESS, result.models().get(0).status(), result.models().toString());
        assertTrue(spilled.get(), "DuckDB spilled into a folder under " + temp);
        assertEquals(3_000_000, count(events.location(), "lake.main.pairs"));
        assertEquals(3_000_000, count(events.location(), "(SELECT DISTINCT i FROM lake.main.pairs)"));
        try (Stream<Path> left = Files.list(temp)) {
            assertEquals(0, left.count(), "every DuckDB removed its spill folder when it closed");
        }
    }

    /** DuckDB creates its spill folder when it first spills and keeps it until it closes: polling sees it. */
    private static Thread watchForSpillFolders(Path temp, AtomicBoolean spilled) {
        Thread watcher = new Thread(() -> {
            while (!spilled.get() && !Thread.currentThread().isInterrupted()) {
                if (Files.isDirectory(temp)) {
                    try (Stream<Path> folders = Files.list(temp)) {
                        spilled.set(folders.anyMatch(Files::isDirectory));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        watcher.start();
        return watcher;
    }

    private static long count(LakeLocation location, String relation) throws Exception {
        try (Lake lake = Lake.open(location, DuckDbSettings.defaults())) {
            return DuckDb.queryLong(lake.connection(), "SELECT count(*) FROM " + relation);
        }
    }
}
