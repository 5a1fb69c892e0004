package dev.testbed.inspect;

import java.util.List;

/**
 * Everything inspect found.
 *
 * @param snapshots      the newest snapshots (at most the requested limit), newest first
 * @param totalSnapshots how many snapshots the lake has
 * @param assets         the project's models, seeds and tests, or empty without a project
 * @param sourceFiles    the generated Parquet files, or empty when there are none
 * @param detail         the table asked for, or null
 */
public record Inspection(String warehouse, Long atSnapshot, List<TableStats> tables, List<SnapshotEntry> snapshots, int totalSnapshots,
                         List<AssetStatus> assets, List<SourceFile> sourceFiles, TableDetail detail) {

    /** A snapshot with its changes spelled out with table names. */
    public record SnapshotEntry(long id, java.time.OffsetDateTime time, String author, String message, String changes) {
    }

    /** A generated Parquet file. */
    public record SourceFile(String table, String file, long rows, long bytes) {
    }

    /** One table in detail: columns (with descriptions from the project's properties files) and a sample of rows. */
    public record TableDetail(String schema, String name, List<ColumnInfo> columns, List<List<String>> sample) {
    }
}
