package dev.testbed.core;

/**
 * Where a goal's task gets its lake: attached afresh ({@link #FRESH}), or the lake an earlier goal of the same build left
 * attached in its DuckDB. Closing the lake it returns ends the goal's use of it: the lake is closed, or kept for the
 * build's next goal when the source set a {@link Lake.Keeper}.
 */
@FunctionalInterface
public interface LakeSource {

    /** Every goal starts its own DuckDB and attaches the lake. */
    LakeSource FRESH = Lake::open;

    /** The lake at {@code location}, read-write, created if missing, on a DuckDB with {@code settings}. */
    Lake open(LakeLocation location, DuckDbSettings settings);
}
