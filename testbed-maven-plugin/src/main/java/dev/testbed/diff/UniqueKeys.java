package dev.testbed.diff;

import dev.testbed.project.ColumnProperties;
import dev.testbed.project.Materialization;
import dev.testbed.project.ModelProperties;
import dev.testbed.project.ParsedModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The columns that identify a model's rows, as the project declares them: a column's {@code unique} test, else a
 * {@code unique_combination_of_columns} test, else the {@code unique_key} config. A test with a {@code where} proves
 * uniqueness of some rows only and is passed over; so is a snapshot's {@code unique_key}, which names the entity its
 * versions share.
 */
final class UniqueKeys {

    private UniqueKeys() {
    }

    static List<String> of(ParsedModel model, ModelProperties properties) {
        if (properties != null) {
            for (ColumnProperties column : properties.columns()) {
                if (column.tests() != null && column.tests().stream().anyMatch(test -> unconditional(test, "unique").isPresent())) {
                    return List.of(column.name());
                }
            }
            if (properties.tests() != null) {
                for (Object test : properties.tests()) {
                    Optional<Map<?, ?>> arguments = unconditional(test, "unique_combination_of_columns");
                    if (arguments.isPresent()) {
                        Object columns = arguments.get().get("combination_of_columns");
                        if (columns == null && arguments.get().get("arguments") instanceof Map<?, ?> nested) {
                            columns = nested.get("combination_of_columns");
                        }
                        if (columns instanceof List<?> list && !list.isEmpty()) {
                            return list.stream().map(String::valueOf).toList();
                        }
                    }
                }
            }
        }
        if (model.config().materialized() != Materialization.SNAPSHOT && !model.config().uniqueKey().isEmpty()) {
            return List.copyOf(model.config().uniqueKey());
        }
        return List.of();
    }

    /**
     * The arguments of a test entry of the generic test {@code name} (with or without a package prefix) that has no
     * {@code where}; empty for any other entry.
     */
    private static Optional<Map<?, ?>> unconditional(Object test, String name) {
        if (test instanceof String plain) {
            return matches(plain, name) ? Optional.of(Map.of()) : Optional.empty();
        }
        if (test instanceof Map<?, ?> entry && entry.size() == 1) {
            Map.Entry<?, ?> only = entry.entrySet().iterator().next();
            if (!matches(String.valueOf(only.getKey()), name)) {
                return Optional.empty();
            }
            Map<?, ?> arguments = only.getValue() instanceof Map<?, ?> map ? map : Map.of();
            boolean filtered = arguments.get("where") != null
                    || arguments.get("config") instanceof Map<?, ?> config && config.get("where") != null;
            return filtered ? Optional.empty() : Optional.of(arguments);
        }
        return Optional.empty();
    }

    private static boolean matches(String type, String name) {
        return type.equals(name) || type.endsWith("." + name);
    }
}
