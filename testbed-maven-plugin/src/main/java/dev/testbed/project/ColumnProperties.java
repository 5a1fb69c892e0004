package dev.testbed.project;

import java.util.List;

/**
 * A column as a properties ({@code schema.yml}) file declares it.
 *
 * @param description the column's {@code description}, or an empty string if it has none
 * @param dataType    the column's {@code data_type}, or null if it has none
 * @param tests       the column's {@code tests:} / {@code data_tests:} entries as parsed from YAML (strings or maps)
 * @param constraints the column's {@code constraints:} entries as parsed from YAML (maps), applied when the model's
 *                    contract is enforced
 */
public record ColumnProperties(String name, String description, String dataType, List<Object> tests, List<Object> constraints) {

    public ColumnProperties {
        constraints = constraints == null ? List.of() : List.copyOf(constraints);
    }

    /** A column without constraints. */
    public ColumnProperties(String name, String description, String dataType, List<Object> tests) {
        this(name, description, dataType, tests, List.of());
    }
}
