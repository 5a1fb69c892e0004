package dev.testbed.it.differential;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One program the harness starts (pip, dbt, Maven): its command line, working folder and extra environment, with
 * everything it prints going to a log file, so that a failure can be shown with its own words.
 */
public record ExternalCommand(String label, List<String> command, Path directory, Map<String, String> environment, Path log) {

    /** How a started command ended. */
    public record Finished(ExternalCommand command, int exitCode, Duration elapsed) {

        public boolean succeeded() {
            return exitCode == 0;
        }

        /** The last lines of the log: what a failure message shows. */
        public String tail(int lines) {
            try {
                List<String> all = Files.readAllLines(command.log(), StandardCharsets.UTF_8);
                return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
            } catch (IOException e) {
                return "(its log " + command.log() + " cannot be read: " + e + ")";
            }
        }
    }

    /** A command running in the background. */
    public record Started(ExternalCommand command, Process process, long startedNanos) {

        public Finished await(Duration timeout) {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    throw new AssertionError(command.label() + " did not finish in " + timeout.toSeconds() + " s; see " + command.log());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new AssertionError(command.label() + " was interrupted", e);
            }
            return new Finished(command, process.exitValue(), Duration.ofNanos(System.nanoTime() - startedNanos));
        }
    }

    public Started start() {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            return new Started(this, builder.start(), System.nanoTime());
        } catch (IOException e) {
            throw new AssertionError("Could not start " + label + " (" + String.join(" ", command) + "): " + e.getMessage(), e);
        }
    }

    public Finished run(Duration timeout) {
        return start().await(timeout);
    }
}
