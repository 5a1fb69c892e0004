package dev.testbed.core;

/** Where the engine reports progress; the Maven layer adapts it to the build log. */
public interface Reporter {

    void info(String message);

    void warn(String message);

    default void debug(String message) {
    }

    /** Writes to standard output; for command-line use and tests. */
    Reporter CONSOLE = new Reporter() {
        @Override
        public void info(String message) {
            System.out.println("[testbed] " + message);
        }

        @Override
        public void warn(String message) {
            System.out.println("[testbed] WARNING: " + message);
        }
    };
}
