package dev.testbed.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.core.DuckDb;
import dev.testbed.core.Lake;
import dev.testbed.core.LakeLocation;
import java.io.File;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Consumer;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every failure of a goal reaches Maven as a build error with its message (Maven prints it without a stack trace),
 * never as a raw RuntimeException, which Maven reports as "Execution … failed" with the exception's class.
 */
class AbstractTestbedMojoTest {

    @TempDir
    Path work;

    /** A goal whose work is given as a lambda, which gets the goal (and so its parameters). */
    private static final class Goal extends AbstractTestbedMojo {
        private final Consumer<Goal> work;
        DuckDbTuning tuning = DuckDbTuning.DUCKDB_DEFAULTS;

        Goal(Consumer<Goal> work) {
            this.work = work;
        }

        @Override
        DuckDbTuning tuning() {
            return tuning;
        }

        @Override
        boolean skip() {
            return false;
        }

        @Override
        void run() {
            work.accept(this);
        }
    }

    @Test
    void catalogUnderProcIsABuildErrorWithThePathAndTheReason() {
        Goal goal = new Goal(g -> Lake.open(new LakeLocation("/proc/nope/x.ducklake", work.resolve("data").toString()), g.duckDbSettings()));

        MojoExecutionException e = assertThrows(MojoExecutionException.class, goal::execute);

        assertTrue(e.getMessage().contains("/proc/nope") && e.getMessage().contains("no such file or directory"), e.getMessage());
        assertTrue(e.getMessage().contains("-> ") && e.getMessage().contains("-Dtestbed.catalog"), e.getMessage());
        assertNull(e.getCause(), "Maven would append the cause's message again");
    }

    @Test
    void anUnexpectedRuntimeExceptionKeepsItsMessageAndTheOperatingSystemsReason() {
        Goal goal = new Goal(g -> {
            throw new UncheckedIOException("Cannot write JUnit XML under /nope/reports", new NoSuchFileException("/nope"));
        });

        MojoExecutionException e = assertThrows(MojoExecutionException.class, goal::execute);

        assertTrue(e.getMessage().startsWith("Cannot write JUnit XML under /nope/reports: no such file or directory: /nope"), e.getMessage());
        assertTrue(e.getMessage().contains("-X"), e.getMessage());
        assertNull(e.getCause());
    }

    @Test
    void anEngineBugWithoutMessageStillNamesWhatHappened() {
        Goal goal = new Goal(g -> {
            throw new IllegalStateException();
        });

        MojoExecutionException e = assertThrows(MojoExecutionException.class, goal::execute);

        assertTrue(e.getMessage().startsWith("java.lang.IllegalStateException"), e.getMessage());
    }

    @Test
    void negativeThreadsFailTheGoalNamingTheProperty() {
        Goal goal = new Goal(AbstractTestbedMojo::duckDbSettings);
        goal.tuning = new DuckDbTuning(-1, null, null);

        MojoExecutionException e = assertThrows(MojoExecutionException.class, goal::execute);

        assertTrue(e.getMessage().startsWith("testbed.threads is -1, but it must be a whole number of at least 0"), e.getMessage());
    }

    /** The folder under which the goal's DuckDB spills, as DuckDB reports it. */
    private Path spillParent(DuckDbTuning tuning) throws SQLException {
        Goal goal = new Goal(g -> { });
        goal.tuning = tuning;
        goal.projectBuildDirectory = work.resolve("target").toFile();
        try (Connection connection = DuckDb.open(goal.duckDbSettings())) {
            return Path.of(DuckDb.queryString(connection, "SELECT current_setting('temp_directory')")).getParent();
        }
    }

    @Test
    void withoutATempDirectoryEveryGoalsDuckDbSpillsIntoAFolderOfItsOwnInTarget() throws SQLException {
        Path expected = work.resolve("target").toAbsolutePath();

        assertEquals(expected, spillParent(DuckDbTuning.DUCKDB_DEFAULTS), "a read-only goal");
        assertEquals(expected, spillParent(new DuckDbTuning(1, "1GB", null)), "a goal that builds");
    }

    @Test
    void aGivenTempDirectoryIsUsedInstead() throws SQLException {
        File given = work.resolve("big-disk/spill").toFile();

        assertEquals(given.toPath().toAbsolutePath(), spillParent(new DuckDbTuning(1, null, given)));
    }
}
