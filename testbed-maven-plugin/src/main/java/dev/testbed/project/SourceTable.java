package dev.testbed.project;

import java.nio.file.Path;
import java.util.List;

/**
 * A table of a {@code sources:} entry.
 *
 * @param sourceName the source's {@code name}
 * @param tableName  the table's {@code name}, as used in {@code source('src', 'table')}
 * @param schema     the source's {@code schema} (defaults to the source name, as in dbt)
 * @param identifier the table's {@code identifier} (defaults to its name)
 * @param description the table's {@code description}, or an empty string if it has none
 * @param tests      the table's {@code tests:} / {@code data_tests:} entries as parsed from YAML (strings or maps)
 * @param definedIn  the YAML file
 * @param sourceDescription the {@code description} of the source the table belongs to (dbt's {@code source_description}),
 *                          or an empty string
 * @param eventTime  the {@code event_time} of the table's {@code config:} (or its source's), by which dbt filters it for the
 *                   batches of a microbatch model reading it; null if none
 */
public record SourceTable(String sourceName, String tableName, String schema, String identifier, String description,
                          List<ColumnProperties> columns, List<Object> tests, Path definedIn, String sourceDescription, String eventTime) {

    /** A table without an event time. */
    public SourceTable(String sourceName, String tableName, String schema, String identifier, String description,
                       List<ColumnProperties> columns, List<Object> tests, Path definedIn, String sourceDescription) {
        this(sourceName, tableName, schema, identifier, description, columns, tests, definedIn, sourceDescription, null);
    }

    /** A table whose source has no description. */
    public SourceTable(String sourceName, String tableName, String schema, String identifier, String description,
                       List<ColumnProperties> columns, List<Object> tests, Path definedIn) {
        this(sourceName, tableName, schema, identifier, description, columns, tests, definedIn, "");
    }


    public SourceKey key() {
        return new SourceKey(sourceName, tableName);
    }
}
