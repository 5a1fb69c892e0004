package dev.testbed.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.core.SessionSetup;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the user sets wins over the profile, which wins over the plugin's defaults; each value keeps its source. */
class TargetSettingsTest {

    private static final DuckDbProfile PROFILE = new DuckDbProfile(Path.of("/p/profiles.yml"), "diff", "dev",
            new DuckDbProfile.LakeAttachment("/p/w.ducklake", "/p/data/", "warehouse"), "analytics", 4,
            new SessionSetup(SessionSetup.IN_MEMORY, List.of(), List.of(new SessionSetup.Step("SET timezone = 'UTC'", "setting timezone"))));

    private static TargetSettings.Request request(TargetSettings.Given<String> catalog, TargetSettings.Given<String> schema,
                                                  TargetSettings.Given<Integer> threads) {
        return new TargetSettings.Request(catalog, null, null, schema, threads, "/t/lake/warehouse.ducklake", "/t/lake/data/");
    }

    @Test
    void withoutProfileTheDefaultsApplyAsBefore() {
        TargetSettings settings = TargetSettings.resolve(request(null, null, null), Optional.empty());
        assertEquals("/t/lake/warehouse.ducklake", settings.location().catalog());
        assertEquals("lake", settings.location().alias());
        assertEquals("dev", settings.target());
        assertEquals("main", settings.schema());
        assertEquals(0, settings.threads());
        assertEquals(SessionSetup.NONE, settings.location().session());
    }

    @Test
    void theProfileGivesWhatTheUserDidNotSet() {
        TargetSettings settings = TargetSettings.resolve(request(null, null, null), Optional.of(PROFILE));
        assertEquals("/p/w.ducklake", settings.location().catalog());
        assertEquals("/p/data/", settings.location().dataPath());
        assertEquals("warehouse", settings.location().alias());
        assertEquals("analytics", settings.schema());
        assertEquals(4, settings.threads());
        assertEquals(PROFILE.session(), settings.location().session());
    }

    @Test
    void whatTheUserSetWinsAndTheLineNamesEachSource() {
        TargetSettings settings = TargetSettings.resolve(request(new TargetSettings.Given<>("/elsewhere/w.ducklake", "-Dtestbed.catalog"),
                new TargetSettings.Given<>("staging", "POM"), null), Optional.of(PROFILE));
        assertEquals("/elsewhere/w.ducklake", settings.location().catalog());
        assertEquals("/p/data/", settings.location().dataPath(), "each value on its own");
        assertEquals("warehouse", settings.location().alias());
        assertEquals("staging", settings.schema());
        String line = settings.describe(text -> text);
        assertTrue(line.startsWith("lake ducklake:/elsewhere/w.ducklake (data /p/data/) as warehouse, target dev, schema staging, threads 4"), line);
        assertTrue(line.contains("-Dtestbed.catalog: catalog") && line.contains("POM: schema")
                && line.contains("profile diff.dev: dataPath, alias, target, threads"), line);
    }
}
