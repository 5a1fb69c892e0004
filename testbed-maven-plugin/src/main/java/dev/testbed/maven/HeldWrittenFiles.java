package dev.testbed.maven;

import dev.testbed.core.WrittenFiles;
import java.io.File;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.maven.execution.MavenSession;

/**
 * The files generate-data wrote, handed to load-ducklake of the same Maven invocation so that it need not decode them
 * again (see {@link WrittenFiles}). Kept in the plugin's class realm like {@link HeldLakes}: keyed by the data directory,
 * tagged with the invocation's start time, and taken (removed) by the first load-ducklake of that directory. What another
 * invocation left (a Maven daemon keeps the realm) or a goal run without a Maven session never counts: the files are then
 * decoded, as they are in a JVM that did not write them.
 */
final class HeldWrittenFiles {

    private record Held(Date buildStarted, WrittenFiles files) {
    }

    private static final Map<String, Held> HELD = new ConcurrentHashMap<>();

    private HeldWrittenFiles() {
    }

    /** Holds what generate-data of this invocation wrote into {@code directory}; nothing written leaves what is held as it is. */
    static void hold(MavenSession session, File directory, WrittenFiles files) {
        buildStarted(session).filter(started -> !files.isEmpty())
                .ifPresent(started -> HELD.put(key(directory), new Held(started, files)));
    }

    /** Takes what generate-data of this invocation wrote into {@code directory}: {@link WrittenFiles#NONE} if it wrote nothing. */
    static WrittenFiles take(MavenSession session, File directory) {
        Held held = HELD.remove(key(directory));
        Optional<Date> started = buildStarted(session);
        return held != null && started.isPresent() && held.buildStarted().equals(started.get()) ? held.files() : WrittenFiles.NONE;
    }

    private static Optional<Date> buildStarted(MavenSession session) {
        return session == null || session.getRequest() == null ? Optional.empty() : Optional.ofNullable(session.getRequest().getStartTime());
    }

    private static String key(File directory) {
        return directory.toPath().toAbsolutePath().normalize().toString();
    }
}
