package dev.testbed.profile;

import dev.testbed.core.SessionSetup;
import java.nio.file.Path;

/**
 * A dbt-duckdb profile's chosen output, as the plugin uses it: the DuckLake its {@code database} names, the target
 * schema, the threads, and what else a connection needs ({@link SessionSetup}).
 *
 * @param file    the profiles.yml it was read from
 * @param profile the profile's name
 * @param target  the output's (target's) name
 * @param lake    the DuckLake attachment whose alias is the profile's {@code database}
 * @param schema  the profile's {@code schema}, or null
 * @param threads the profile's {@code threads}, or null
 */
public record DuckDbProfile(Path file, String profile, String target, LakeAttachment lake, String schema, Integer threads,
                            SessionSetup session) {

    /** The DuckLake attachment: catalog without its {@code ducklake:} prefix, data path, alias. */
    public record LakeAttachment(String catalog, String dataPath, String alias) {
    }

    /** {@code diff.dev (/p/profiles.yml)}: how messages name it. */
    public String name() {
        return profile + "." + target + " (" + file + ")";
    }
}
