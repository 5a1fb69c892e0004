package dev.testbed.inspect;

import java.time.Duration;
import java.time.Instant;

/**
 * A model, seed or data test of the project with what the lake's run history says about it.
 *
 * @param kind            {@code model}, {@code seed} or {@code test}
 * @param materialization for models and seeds; the test type for tests
 * @param relation        {@code schema.name} in the lake (for tests: what they test)
 * @param lastStatus      the latest recorded status ({@code success}, {@code error}, {@code skipped}; {@code pass}, {@code warn},
 *                        {@code fail}, {@code error}), or null if never run
 * @param lastSnapshot    the snapshot of that record, or -1
 * @param upToDate        true when the last result still holds for the current data and code
 * @param freshness       why it is or is not up to date, in a few words
 */
public record AssetStatus(String name, String kind, String materialization, String relation, String lastStatus, Instant lastRun,
                          Duration lastDuration, long lastSnapshot, boolean upToDate, String freshness) {
}
