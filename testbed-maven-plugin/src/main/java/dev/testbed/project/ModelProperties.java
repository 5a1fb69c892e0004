package dev.testbed.project;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A model as a properties file ({@code models/**\/*.yml}, {@code version: 2}) describes it.
 *
 * @param description the model's {@code description}, or an empty string if it has none
 * @param config      the {@code config:} block, keys without the {@code +} prefix
 * @param tests       model-level {@code tests:} / {@code data_tests:} entries as parsed from YAML
 * @param definedIn   the YAML file
 * @param constraints model-level {@code constraints:} entries as parsed from YAML (maps), applied when the model's
 *                    contract is enforced
 */
public record ModelProperties(String name, String description, Map<String, Object> config, List<ColumnProperties> columns,
                              List<Object> tests, Path definedIn, List<Object> constraints) {

    public ModelProperties {
        constraints = constraints == null ? List.of() : List.copyOf(constraints);
    }

    /** A model without model-level constraints. */
    public ModelProperties(String name, String description, Map<String, Object> config, List<ColumnProperties> columns,
                           List<Object> tests, Path definedIn) {
        this(name, description, config, columns, tests, definedIn, List.of());
    }
}
