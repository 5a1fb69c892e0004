package dev.testbed.core;

import java.time.OffsetDateTime;

/** One DuckLake snapshot as {@code ducklake_snapshots()} reports it. */
public record Snapshot(long id, OffsetDateTime time, String author, String commitMessage, String changes) {
}
