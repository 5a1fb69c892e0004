package dev.testbed.maven;

import dev.testbed.core.Reporter;
import dev.testbed.profile.DuckDbProfile;
import dev.testbed.profile.ProfileReader;
import dev.testbed.profile.ProfilesLookup;
import dev.testbed.profile.TargetSettings;
import java.io.File;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The goals' (and the report's) way to one {@link TargetSettings}: the project's dbt profile, read as dbt reads it, under
 * what the POM or {@code -D} sets, over the plugin's defaults under {@code buildDirectory}.
 *
 * @param onCommandLine true for a property given with {@code -D} (to name each value's source)
 */
record TargetResolution(File profilesDir, File projectDirectory, String target, File buildDirectory, Map<String, Object> vars,
                        Predicate<String> onCommandLine) {

    TargetSettings resolve(String catalog, String dataPath, String schema, Integer threads, Reporter reporter, UnaryOperator<String> redact) {
        String targetName = target == null || target.isBlank() ? null : target.strip();
        Optional<DuckDbProfile> profile = new ProfileReader(ProfilesLookup.of(profilesDir == null ? null : profilesDir.toPath(),
                projectDirectory.toPath()), System.getenv(), vars, reporter).read(projectDirectory.toPath(), targetName);
        File lakeFolder = new File(buildDirectory, "lake");
        TargetSettings settings = TargetSettings.resolve(new TargetSettings.Request(given("testbed.catalog", catalog),
                given("testbed.dataPath", dataPath), given("testbed.target", targetName), given("testbed.targetSchema", schema),
                given("testbed.threads", threads), new File(lakeFolder, "warehouse.ducklake").getPath(), new File(lakeFolder, "data").getPath() + "/"),
                profile);
        String line = profile.map(p -> "profile " + p.name() + ": ").orElse("") + settings.describe(redact);
        if (profile.isPresent()) {
            reporter.info(line);
        } else {
            reporter.debug(line);
        }
        return settings;
    }

    private <T> TargetSettings.Given<T> given(String property, T value) {
        if (value == null || value instanceof String text && text.isBlank()) {
            return null;
        }
        return new TargetSettings.Given<>(value, onCommandLine.test(property) ? "-D" + property : "POM");
    }
}
