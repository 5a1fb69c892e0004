package dev.testbed.it.differential;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dbt's venv: a package index that cannot be reached fails the IT, saying so and what to do; it never skips. */
class DbtVenvTest {

    @TempDir
    Path dir;

    @Test
    void anUnreachableIndexFailsNamingPypiAndTheMirrorSetting() throws Exception {
        // a closed port as the only index, nothing found locally, no retries: pip gives up at once
        Map<String, String> unreachable = Map.of("PIP_INDEX_URL", "http://127.0.0.1:9/simple", "PIP_FIND_LINKS", "", "PIP_NO_CACHE_DIR", "1",
                "PIP_RETRIES", "0", "PIP_TIMEOUT", "3");
        List<String> progress = new ArrayList<>();
        AssertionError failure = assertThrows(AssertionError.class,
                () -> DbtVenv.ensure(dir.resolve("venv"), "python3", dir.resolve("logs"), unreachable, progress::add));
        assertTrue(failure.getMessage().startsWith("Could not install dbt from PyPI into " + dir.resolve("venv") + ": pip exited with "),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("must not be skipped") && failure.getMessage().contains("PIP_INDEX_URL"), failure.getMessage());
        assertFalse(new DbtVenv(dir.resolve("venv")).complete(), "a venv pip failed in is not complete");
        assertTrue(progress.isEmpty(), progress.toString());
    }

    @Test
    void aMissingPythonFailsNamingTheVenvModule() {
        AssertionError failure = assertThrows(AssertionError.class,
                () -> DbtVenv.ensure(dir.resolve("venv"), dir.resolve("no-python").toString(), dir.resolve("logs"), line -> { }));
        assertTrue(failure.getMessage().contains("python3-venv"), failure.getMessage());
    }

    @Test
    void aVenvIsReusedOnlyWithTheMarkerOfTheseExactPins() throws Exception {
        Path venv = dir.resolve("venv");
        Files.createDirectories(venv.resolve("bin"));
        Path dbt = Files.writeString(venv.resolve("bin/dbt"), "#!/bin/sh\n");
        dbt.toFile().setExecutable(true);
        assertFalse(new DbtVenv(venv).complete(), "without the marker");
        Files.writeString(venv.resolve("testbed-dbt-venv-complete"), "dbt-core==1.11.3 dbt-duckdb==1.11.1 duckdb==1.5.5\n");
        assertFalse(new DbtVenv(venv).complete(), "with another dbt's marker");
        Files.writeString(venv.resolve("testbed-dbt-venv-complete"), String.join(" ", DbtVenv.PINS) + "\n");
        assertTrue(new DbtVenv(venv).complete());
        List<String> progress = new ArrayList<>();
        DbtVenv.ensure(venv, dir.resolve("no-python").toString(), dir.resolve("logs"), progress::add);
        assertTrue(progress.get(0).startsWith("dbt venv: reusing "), progress.toString());
    }
}
