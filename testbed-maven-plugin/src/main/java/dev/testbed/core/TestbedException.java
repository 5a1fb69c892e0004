package dev.testbed.core;

/**
 * A failure the user can act on: what went wrong, where, and what to do next.
 * The engine throws only this for expected problems; the Maven layer turns it into a build error.
 */
public class TestbedException extends RuntimeException {

    private final String suggestion;

    public TestbedException(String problem, String suggestion) {
        this(problem, suggestion, null);
    }

    public TestbedException(String problem, String suggestion, Throwable cause) {
        super(suggestion == null || suggestion.isBlank() ? problem : problem + System.lineSeparator() + "  -> " + suggestion, cause);
        this.suggestion = suggestion;
    }

    /** What the user can do about it, or null. */
    public String suggestion() {
        return suggestion;
    }
}
