package dev.testbed.maven;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.testbed.compile.Target;
import dev.testbed.profile.TargetSettings;
import dev.testbed.core.TestbedException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.maven.plugins.annotations.Parameter;

/** Goals that read the dbt-style project's models in the warehouse: the project, the target and vars. */
abstract class AbstractProjectMojo extends AbstractLakeMojo {

    /**
     * The target schema: models without a custom schema are built here; a custom schema {@code x} becomes
     * {@code <targetSchema>_x}. Empty: the dbt profile's {@code schema}, else {@code main}.
     */
    @Parameter(property = "testbed.targetSchema")
    String targetSchema;

    /**
     * Values for {@code var()}, as in the POM: {@code <vars><start_date>2024-01-01</start_date></vars>}. They win over
     * {@code vars:} in dbt_project.yml; {@code -Dtestbed.vars} wins over both.
     */
    @Parameter
    Map<String, String> vars;

    /** Values for {@code var()} as a YAML or JSON map, like dbt's {@code --vars}: {@code -Dtestbed.vars="{start_date: 2024-01-01}"}. */
    @Parameter(property = "testbed.vars")
    String varsYaml;

    Target target() {
        TargetSettings resolved = targetSettings();
        return new Target(resolved.target(), resolved.schema(), resolved.location().alias());
    }

    @Override
    String givenSchema() {
        return targetSchema;
    }

    @Override
    Map<String, Object> profileVars() {
        return varOverrides();
    }

    Map<String, Object> varOverrides() {
        Map<String, Object> overrides = new LinkedHashMap<>();
        if (vars == null && (varsYaml == null || varsYaml.isBlank())) {
            return overrides; // without a mapper: building one costs a no-op build about 0.1 s of class loading
        }
        YAMLMapper yaml = new YAMLMapper();
        if (vars != null) {
            // POM values arrive as strings; read each as a YAML scalar so <batch>1</batch> is the number 1, as in dbt_project.yml
            vars.forEach((key, value) -> overrides.put(key, yamlScalar(yaml, value)));
        }
        if (varsYaml != null && !varsYaml.isBlank()) {
            try {
                Map<?, ?> parsed = yaml.readValue(varsYaml, Map.class);
                parsed.forEach((key, value) -> overrides.put(String.valueOf(key), value));
            } catch (JsonProcessingException | ClassCastException e) {
                throw new TestbedException("-Dtestbed.vars is not a YAML map: " + varsYaml,
                        "Write it like dbt's --vars, e.g. -Dtestbed.vars=\"{start_date: '2024-01-01', region: eu}\".", e);
            }
        }
        return overrides;
    }

    private static Object yamlScalar(YAMLMapper yaml, String value) {
        if (value == null) {
            return null;
        }
        try {
            Object parsed = yaml.readValue(value, Object.class);
            return parsed instanceof Map || parsed instanceof java.util.List ? value : parsed;
        } catch (JsonProcessingException e) {
            return value;
        }
    }
}
