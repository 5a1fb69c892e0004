package dev.testbed.project;

import java.util.Optional;

/** A true/false config value as dbt accepts it: a YAML or Jinja boolean, or the text true / false in any case. */
public final class ConfigFlag {

    private ConfigFlag() {
    }

    /** The flag, or empty when the value is neither a boolean nor the text true / false. */
    public static Optional<Boolean> parse(Object value) {
        if (value instanceof Boolean flag) {
            return Optional.of(flag);
        }
        if (value instanceof String text && (text.strip().equalsIgnoreCase("true") || text.strip().equalsIgnoreCase("false"))) {
            return Optional.of(Boolean.parseBoolean(text.strip()));
        }
        return Optional.empty();
    }
}
