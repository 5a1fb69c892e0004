package dev.testbed.profile;

import dev.testbed.core.TestbedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where profiles.yml is, in dbt-core's order (dbt/cli/resolvers.py and params.py): an explicitly given folder (dbt's
 * {@code --profiles-dir}, here {@code testbed.profilesDir}), else {@code DBT_PROFILES_DIR}, else the folder dbt is run
 * from when it holds a profiles.yml (for a Maven build, the project's folder), else {@code ~/.dbt/}.
 *
 * @param explicitDir the folder given by the user, or null
 * @param environment the process environment ({@code DBT_PROFILES_DIR})
 * @param projectDir  the dbt project's folder
 * @param homeDir     the user's home folder
 */
public record ProfilesLookup(Path explicitDir, Map<String, String> environment, Path projectDir, Path homeDir) {

    public static final String FILE_NAME = "profiles.yml";
    public static final String ENV_DIR = "DBT_PROFILES_DIR";

    public static ProfilesLookup of(Path explicitDir, Path projectDir) {
        return new ProfilesLookup(explicitDir, System.getenv(), projectDir, Path.of(System.getProperty("user.home")));
    }

    /**
     * The profiles.yml to read, or empty when none is found where dbt would fall back to one that may be missing.
     * A folder the user named (explicitly or through DBT_PROFILES_DIR) must hold one, as dbt then looks nowhere else.
     */
    public Optional<Path> find() {
        if (explicitDir != null) {
            return Optional.of(required(explicitDir, "testbed.profilesDir"));
        }
        String fromEnvironment = environment.get(ENV_DIR);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Optional.of(required(Path.of(fromEnvironment), "the environment variable " + ENV_DIR));
        }
        Path inProject = projectDir.resolve(FILE_NAME);
        if (Files.isRegularFile(inProject)) {
            return Optional.of(inProject);
        }
        Path inHome = homeDir.resolve(".dbt").resolve(FILE_NAME);
        return Files.isRegularFile(inHome) ? Optional.of(inHome) : Optional.empty();
    }

    /** The places looked at, for a message saying that none held a profiles.yml. */
    public String searched() {
        return projectDir.resolve(FILE_NAME) + " and " + homeDir.resolve(".dbt").resolve(FILE_NAME);
    }

    private static Path required(Path dir, String namedBy) {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new TestbedException("There is no " + FILE_NAME + " in " + dir.toAbsolutePath() + ", the folder " + namedBy + " names.",
                    "Put the project's profiles.yml there, or point " + namedBy + " at the folder that holds it (as dbt, the plugin then looks nowhere else).");
        }
        return file;
    }
}
