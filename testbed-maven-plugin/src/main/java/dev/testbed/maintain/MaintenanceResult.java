package dev.testbed.maintain;

import dev.testbed.core.Snapshot;
import java.util.List;

/**
 * What a run of {@code testbed:maintain} did, or with a dry run would do.
 *
 * @param plan         the snapshots kept (and why) and expired
 * @param oldFiles     files no kept snapshot references any more: of expired snapshots, and those an earlier merge replaced
 * @param orphans      files in the data path the catalog does not know (left by killed or failed writes)
 * @param filesMerged  small files merged into larger ones (0 in a dry run, which merges nothing)
 * @param filesCreated the larger files they became
 * @param rowsFlushed  rows moved from the catalog's inlined storage into Parquet files
 */
public record MaintenanceResult(boolean dryRun, RetentionPlan plan, List<LakeFile> oldFiles, List<LakeFile> orphans, long filesMerged,
                                long filesCreated, long rowsFlushed) {

    /** A file maintenance deletes, and its size in bytes. */
    public record LakeFile(String path, long bytes) {
    }

    public List<Snapshot> expired() {
        return plan.expired();
    }

    /** The bytes deleted (or, in a dry run, that would be). */
    public long bytesFreed() {
        return bytes(oldFiles) + bytes(orphans);
    }

    static long bytes(List<LakeFile> files) {
        return files.stream().mapToLong(LakeFile::bytes).sum();
    }

    /** What was done (or would be), for the log: one line per step, sizes in MB. */
    public List<String> describe() {
        String verb = dryRun ? "would be " : "";
        List<String> lines = new java.util.ArrayList<>();
        lines.add((dryRun ? "Would expire " : "Expired ") + expired().size() + " snapshots" + (expired().isEmpty() ? "" : " (" + ids(expired()) + ")")
                + ", keeping " + plan.kept().size() + ".");
        lines.add("Files of expired snapshots and earlier merges: " + oldFiles.size() + " (" + megabytes(bytes(oldFiles)) + ") " + verb + "deleted.");
        lines.add("Orphaned files (not in the catalog): " + orphans.size() + " (" + megabytes(bytes(orphans)) + ") " + verb + "deleted.");
        if (dryRun) {
            lines.add("Dry run: nothing was changed; merging small files and flushing inlined rows were not tried.");
        } else {
            lines.add("Merged " + filesMerged + " small files into " + filesCreated + "; flushed " + rowsFlushed + " inlined rows into Parquet.");
        }
        lines.add((dryRun ? "Would free " : "Freed ") + megabytes(bytesFreed()) + " (" + bytesFreed() + " bytes).");
        return lines;
    }

    /** The snapshot ids as ascending ranges, {@code 3-17, 20}: a lake expires hundreds at once. */
    private static String ids(List<Snapshot> snapshots) {
        long[] ids = snapshots.stream().mapToLong(Snapshot::id).sorted().toArray();
        StringBuilder text = new StringBuilder();
        for (int from = 0, to; from < ids.length; from = to + 1) {
            for (to = from; to + 1 < ids.length && ids[to + 1] == ids[to] + 1; to++) {
                // extends the range
            }
            text.append(text.isEmpty() ? "" : ", ").append(ids[from]).append(to > from ? "-" + ids[to] : "");
        }
        return text.toString();
    }

    private static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
