package dev.testbed.maven;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.testbed.compile.Target;
import dev.testbed.core.Lake;
import dev.testbed.core.TestbedException;
import dev.testbed.run.ModelResult;
import dev.testbed.run.ModelRunner;
import dev.testbed.run.ModelStatus;
import dev.testbed.run.RunRequest;
import dev.testbed.run.RunResult;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs the project's dbt-style SQL models in the DuckLake warehouse: {@code models/**.sql} with Jinja
 * ({@code ref}, {@code source}, {@code config}, {@code var}, macros), in dependency order on parallel
 * workers, each model one transaction. Writes compiled SQL and dbt-shaped {@code manifest.json} and
 * {@code run_results.json} under the output directory. A failing model fails the build after the
 * models that do not depend on it have been built.
 */
@Mojo(name = "run-models", defaultPhase = LifecyclePhase.COMPILE, threadSafe = true)
public class RunModelsMojo extends AbstractLakeMojo {

    /** The dbt-style project: the folder holding {@code models/}, {@code macros/} and an optional {@code dbt_project.yml}. */
    @Parameter(property = "testbed.projectDirectory", defaultValue = "${project.basedir}")
    File projectDirectory;

    /** Where compiled SQL ({@code compiled/}) and {@code manifest.json} / {@code run_results.json} go. */
    @Parameter(property = "testbed.outputDirectory", defaultValue = "${project.build.directory}/testbed")
    File outputDirectory;

    /** The target's name, as {@code target.name} in Jinja. */
    @Parameter(property = "testbed.target", defaultValue = "dev")
    String targetName;

    /** The target schema: models without a custom schema are built here; a custom schema {@code x} becomes {@code <targetSchema>_x}. */
    @Parameter(property = "testbed.targetSchema", defaultValue = "main")
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

    /** Models to run, in dbt's selection syntax ({@code stg_sales+}, {@code tag:nightly}, {@code path:models/staging}). Empty runs all. */
    @Parameter(property = "testbed.select")
    String select;

    /** Models to leave out, in dbt's selection syntax. */
    @Parameter(property = "testbed.exclude")
    String exclude;

    /** Rebuild incremental models from scratch, like dbt's {@code --full-refresh}. */
    @Parameter(property = "testbed.fullRefresh", defaultValue = "false")
    boolean fullRefresh;

    /** Skip this goal. */
    @Parameter(property = "testbed.models.skip", defaultValue = "false")
    boolean skip;

    @Override
    boolean skip() {
        return skip;
    }

    @Override
    void run() throws MojoFailureException {
        RunRequest request = new RunRequest(projectDirectory.toPath(), lakeLocation(), new Target(targetName, targetSchema, Lake.ALIAS),
                varOverrides(), select, exclude, fullRefresh, outputDirectory.toPath());
        RunResult result = new ModelRunner(duckDbSettings(), reporter()).run(request);
        if (result.failed()) {
            String failed = result.models().stream().filter(m -> m.status() == ModelStatus.ERROR)
                    .map(ModelResult::message).collect(Collectors.joining(System.lineSeparator() + "  "));
            throw new MojoFailureException(result.count(ModelStatus.ERROR) + " of " + result.models().size() + " models failed ("
                    + result.count(ModelStatus.SKIPPED) + " skipped); the others are committed:" + System.lineSeparator() + "  " + failed);
        }
    }

    private Map<String, Object> varOverrides() {
        Map<String, Object> overrides = new LinkedHashMap<>();
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
