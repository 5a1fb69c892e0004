package dev.testbed.core;

import java.util.Objects;

/**
 * Where the engine reports progress; the Maven layer adapts it to the build log. Every event carries its level, so a
 * front end that hides progress still shows failures (Maven's {@code -q} shows ERROR lines only) without parsing text.
 */
@FunctionalInterface
public interface Reporter {

    /** How much an event matters, most first: a quieter front end drops the lower levels. */
    enum Level { ERROR, WARN, INFO, DEBUG }

    /**
     * One reported event, in the spirit of jib-core's {@code LogEvent}.
     *
     * @param message one line, or several that belong together (a failing test and its failing rows), so that they
     *                stay together and at one level
     */
    record Event(Level level, String message) {
        public Event {
            Objects.requireNonNull(level, "level");
            Objects.requireNonNull(message, "message");
        }
    }

    void report(Event event);

    /** Something failed: a model, a data test, a step the build cannot do without. */
    default void error(String message) {
        report(new Event(Level.ERROR, message));
    }

    default void warn(String message) {
        report(new Event(Level.WARN, message));
    }

    default void info(String message) {
        report(new Event(Level.INFO, message));
    }

    default void debug(String message) {
        report(new Event(Level.DEBUG, message));
    }

    /** Writes to standard output, without debug events; for command-line use and tests. */
    Reporter CONSOLE = event -> {
        switch (event.level()) {
            case ERROR -> System.out.println("[testbed] ERROR: " + event.message());
            case WARN -> System.out.println("[testbed] WARNING: " + event.message());
            case INFO -> System.out.println("[testbed] " + event.message());
            case DEBUG -> {
                // progress detail for -X in Maven; too much for a console
            }
        }
    };
}
