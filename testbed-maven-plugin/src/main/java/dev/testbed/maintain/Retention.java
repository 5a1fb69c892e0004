package dev.testbed.maintain;

import dev.testbed.core.TestbedException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code testbed:maintain} keeps: the snapshots of the last {@code keepBuilds} successful builds, and every snapshot
 * that was the lake's current one at some moment of the last {@code keepFor}.
 */
public record Retention(int keepBuilds, Duration keepFor) {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([dhms])");

    public Retention {
        if (keepBuilds < 0) {
            throw new TestbedException("testbed.maintain.keepBuilds is " + keepBuilds + ", below 0.",
                    "Give the number of successful builds whose snapshots to keep, e.g. -Dtestbed.maintain.keepBuilds=10.");
        }
    }

    /** The retention with {@code keepFor} written as a number and a unit: {@code 7d}, {@code 12h}, {@code 30m} or {@code 0s}. */
    public static Retention of(int keepBuilds, String keepFor) {
        Matcher matcher = DURATION.matcher(keepFor == null ? "" : keepFor.trim());
        if (!matcher.matches()) {
            throw new TestbedException("testbed.maintain.keepFor is '" + keepFor + "', not a duration.",
                    "Write a whole number and a unit: d (days), h (hours), m (minutes) or s (seconds), e.g. -Dtestbed.maintain.keepFor=12h or 0s.");
        }
        long amount = Long.parseLong(matcher.group(1));
        Duration duration = switch (matcher.group(2)) {
            case "d" -> Duration.ofDays(amount);
            case "h" -> Duration.ofHours(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
        };
        return new Retention(keepBuilds, duration);
    }
}
