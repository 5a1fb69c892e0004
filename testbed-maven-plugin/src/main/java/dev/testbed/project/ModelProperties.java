package dev.testbed.project;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A model as a properties file ({@code models/**\/*.yml}, {@code version: 2}) describes it.
 *
 * @param description the model's {@code description}, or an empty string if it has none
 * @param config    the {@code config:} block, keys without the {@code +} prefix
 * @param tests     model-level {@code tests:} / {@code data_tests:} entries as parsed from YAML
 * @param definedIn the YAML file
 */
public record ModelProperties(String name, String description, Map<String, Object> config, List<ColumnProperties> columns,
                              List<Object> tests, Path definedIn) {
}
