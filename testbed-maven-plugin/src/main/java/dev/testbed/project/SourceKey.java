package dev.testbed.project;

/** The two arguments of {@code source('source_name', 'table_name')}. */
public record SourceKey(String sourceName, String tableName) {

    @Override
    public String toString() {
        return sourceName + "." + tableName;
    }
}
