package dev.testbed.it.differential;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The Python virtual environment with the dbt the plugin is compared against, made from PyPI on first use. A venv is
 * reused only when a marker written after a successful install names exactly these pins, so a half-made venv (pip
 * killed, network lost) is made again rather than trusted.
 */
public record DbtVenv(Path directory) {

    /** The dbt the plugin is specified against (issue 13): dbt-core 1.11.4 with dbt-duckdb 1.11.1 on DuckDB 1.5.5. */
    public static final List<String> PINS = List.of("dbt-core==1.11.4", "dbt-duckdb==1.11.1", "duckdb==1.5.5");

    private static final String INSTALL_PYTHON = "Install Python 3 with its venv module (on Debian/Ubuntu: apt-get install python3 python3-venv)"
            + " and run again.";
    private static final String MARKER = "testbed-dbt-venv-complete";
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

    public Path dbt() {
        return directory.resolve("bin").resolve("dbt");
    }

    public boolean complete() {
        Path marker = directory.resolve(MARKER);
        try {
            return Files.isRegularFile(marker) && Files.readString(marker, StandardCharsets.UTF_8).strip().equals(String.join(" ", PINS))
                    && Files.isExecutable(dbt());
        } catch (IOException e) {
            return false;
        }
    }

    /** The venv at {@code directory}, made (with {@code python}, e.g. python3) unless a complete one is there. */
    public static DbtVenv ensure(Path directory, String python, Path logs, Consumer<String> progress) {
        return ensure(directory, python, logs, Map.of(), progress);
    }

    /** The same, with pip's environment extended by {@code pipEnvironment} (e.g. PIP_INDEX_URL). */
    static DbtVenv ensure(Path directory, String python, Path logs, Map<String, String> pipEnvironment, Consumer<String> progress) {
        DbtVenv venv = new DbtVenv(directory);
        if (venv.complete()) {
            progress.accept("dbt venv: reusing " + directory + " (" + String.join(" ", PINS) + ")");
            return venv;
        }
        long started = System.nanoTime();
        deleteRecursively(directory);
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new AssertionError("Could not create " + logs + ": " + e.getMessage(), e);
        }
        ExternalCommand.Finished created;
        try {
            created = new ExternalCommand("python venv", List.of(python, "-m", "venv", directory.toString()), logs, Map.of(),
                    logs.resolve("venv-create.log")).run(Duration.ofMinutes(2));
        } catch (AssertionError notStarted) {
            throw new AssertionError(notStarted.getMessage() + "\n" + INSTALL_PYTHON, notStarted);
        }
        if (!created.succeeded()) {
            throw new AssertionError("Could not create a Python virtual environment for dbt at " + directory + " with '" + python
                    + " -m venv' (exit " + created.exitCode() + "):\n" + created.tail(15) + "\n" + INSTALL_PYTHON);
        }
        List<String> install = new ArrayList<>(List.of(directory.resolve("bin").resolve("pip").toString(), "install", "--quiet"));
        install.addAll(PINS);
        ExternalCommand.Finished installed = new ExternalCommand("pip install dbt", install, logs, pipEnvironment, logs.resolve("venv-pip.log"))
                .run(INSTALL_TIMEOUT);
        if (!installed.succeeded()) {
            throw new AssertionError("Could not install dbt from PyPI into " + directory + ": pip exited with " + installed.exitCode()
                    + " (" + String.join(" ", PINS) + "). pip said:\n" + installed.tail(15)
                    + "\nThis IT compares the plugin with dbt itself and must not be skipped: let this machine reach PyPI"
                    + " (https://pypi.org/simple), or point pip at a mirror that holds these packages with PIP_INDEX_URL"
                    + " (and PIP_TRUSTED_HOST for a plain-http mirror), then run again.");
        }
        try {
            Files.writeString(directory.resolve(MARKER), String.join(" ", PINS) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("Could not mark the dbt venv " + directory + " complete: " + e.getMessage(), e);
        }
        progress.accept(String.format("dbt venv: made %s from PyPI in %.1f s", directory, (System.nanoTime() - started) / 1e9));
        return venv;
    }

    static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new AssertionError("Could not delete " + path + ": " + e.getMessage(), e);
        }
    }
}
