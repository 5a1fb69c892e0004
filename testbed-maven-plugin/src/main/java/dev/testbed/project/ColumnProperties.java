package dev.testbed.project;

import java.util.List;

/**
 * A column as a properties ({@code schema.yml}) file declares it.
 *
 * @param tests the column's {@code tests:} / {@code data_tests:} entries as parsed from YAML (strings or maps)
 */
public record ColumnProperties(String name, String description, String dataType, List<Object> tests) {
}
