package dev.testbed.inspect;

/**
 * One table or view of the lake.
 *
 * @param kind      {@code table} or {@code view}
 * @param rows      its row count (for a view: the rows it returns now)
 * @param dataFiles number of Parquet data files (0 for views and for rows inlined into the catalog)
 * @param dataBytes their total size
 */
public record TableStats(String schema, String name, String kind, long rows, int columns, long dataFiles, long dataBytes) {

    public String qualifiedName() {
        return schema + "." + name;
    }
}
