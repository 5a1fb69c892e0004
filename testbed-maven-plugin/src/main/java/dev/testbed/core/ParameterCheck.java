package dev.testbed.core;

/**
 * Range checks for the numbers a user configures. They run in the engine's configuration records, so that
 * every front end (the Mojos, a CLI, tests) gets them, and they fail with a message that names the user-facing
 * property ({@code testbed.*}), the value given and the range allowed.
 */
public final class ParameterCheck {

    private ParameterCheck() {
    }

    /** {@code value} when it is at least {@code minimum}; {@code note} says what the low end means, or is null. */
    public static long atLeast(String property, long value, long minimum, String note) {
        if (value < minimum) {
            throw invalid(property, String.valueOf(value), "a whole number of at least " + minimum + (note == null ? "" : " (" + note + ")"));
        }
        return value;
    }

    public static int atLeast(String property, int value, int minimum, String note) {
        return (int) atLeast(property, (long) value, minimum, note);
    }

    /** The failure for {@code property} set to {@code value} outside of what is {@code allowed} (a phrase such as "a date"). */
    public static TestbedException invalid(String property, String value, String allowed) {
        return new TestbedException(property + " is " + value + ", but it must be " + allowed + ".",
                "Set -D" + property + " (or the goal's parameter of that name in the POM) to " + allowed + ".");
    }
}
