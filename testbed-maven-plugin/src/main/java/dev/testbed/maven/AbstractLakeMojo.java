package dev.testbed.maven;

import dev.testbed.core.LakeLocation;
import dev.testbed.core.LakeSource;
import dev.testbed.history.RunHistory;
import dev.testbed.profile.TargetSettings;
import java.io.File;
import java.util.Map;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Goals that work on the DuckLake warehouse: where it lives, and how to reach it. A dbt project's profile
 * (profiles.yml) gives the defaults; what the POM or {@code -D} sets wins; the plugin's own defaults fill the rest.
 */
abstract class AbstractLakeMojo extends AbstractTestbedMojo {

    /**
     * The DuckLake catalog: a path to a DuckDB catalog file (created if missing), or any DuckLake catalog
     * string such as {@code postgres:dbname=lake host=localhost port=5432 user=testbed} or {@code sqlite:catalog.sqlite}.
     * A {@code ducklake:} prefix is optional. A PostgreSQL database must exist; DuckLake creates its tables in it.
     * Never put a password here: it comes from {@link #catalogServerId}. Empty: the DuckLake the dbt profile's
     * {@code database} names, else {@code ${project.build.directory}/lake/warehouse.ducklake}.
     */
    @Parameter(property = "testbed.catalog")
    String catalog;

    /**
     * Where DuckLake writes its Parquet data files: a folder, or an object-store URL such as {@code s3://bucket/prefix/}.
     * Empty: the profile's DuckLake {@code data_path}, else {@code ${project.build.directory}/lake/data/}.
     */
    @Parameter(property = "testbed.dataPath")
    String dataPath;

    /**
     * The dbt-style project: the folder holding {@code models/}, {@code macros/} and an optional {@code dbt_project.yml},
     * whose {@code profile:} names the profile in profiles.yml that gives the lake's defaults.
     */
    @Parameter(property = "testbed.projectDirectory", defaultValue = "${project.basedir}")
    File projectDirectory;

    /**
     * The target: the output of the dbt profile to use, and {@code target.name} in Jinja. Empty: the profile's
     * {@code target:}, else {@code dev}.
     */
    @Parameter(property = "testbed.target", alias = "targetName")
    String target;

    /**
     * The folder holding profiles.yml, like dbt's {@code --profiles-dir}. Empty: {@code DBT_PROFILES_DIR}, else the
     * project folder when it holds one, else {@code ~/.dbt/}.
     */
    @Parameter(property = "testbed.profilesDir")
    File profilesDir;

    @Parameter(defaultValue = "${project.build.directory}", readonly = true)
    File buildDirectory;

    /** The build: tells values given with -D from values in the POM, for the line naming each setting's source. */
    @Parameter(defaultValue = "${session}", readonly = true)
    MavenSession session;

    /**
     * The id of the {@code <server>} in settings.xml whose password (and, if given, username) log in to a
     * PostgreSQL catalog; Maven's encrypted passwords work. Without such a server libpq finds the password
     * itself ({@code PGPASSWORD}, {@code ~/.pgpass}).
     */
    @Parameter(property = "testbed.catalog.serverId", defaultValue = "testbed-catalog")
    String catalogServerId;

    /** S3-compatible endpoint as {@code host:port} (or {@code http://host:port}); empty for AWS S3 itself. */
    @Parameter(property = "testbed.s3.endpoint")
    String s3Endpoint;

    /** S3 region; empty uses AWS_REGION / AWS_DEFAULT_REGION, else DuckDB's default. */
    @Parameter(property = "testbed.s3.region")
    String s3Region;

    /** S3 URL style: {@code path} (most S3-compatible servers, e.g. MinIO, s3proxy) or {@code vhost} (AWS). Empty uses DuckDB's default. */
    @Parameter(property = "testbed.s3.urlStyle")
    String s3UrlStyle;

    /** Whether to reach the S3 endpoint over HTTPS. Empty uses DuckDB's default (true), or the endpoint's {@code http://} / {@code https://}. */
    @Parameter(property = "testbed.s3.useSsl")
    Boolean s3UseSsl;

    /**
     * The id of the {@code <server>} in settings.xml holding the S3 credentials: username = access key id,
     * password = secret access key (encrypted passwords work). Without it, AWS_ACCESS_KEY_ID and
     * AWS_SECRET_ACCESS_KEY from the environment are used.
     */
    @Parameter(property = "testbed.s3.serverId", defaultValue = "testbed-s3")
    String s3ServerId;

    /** Relative catalog and data paths are relative to this folder, as Maven's own path parameters are. */
    @Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
    File basedir;

    @Parameter(defaultValue = "${settings}", readonly = true)
    Settings settings;

    @Component
    SettingsDecrypter settingsDecrypter;

    private LakeLocation location;
    private TargetSettings targetSettings;

    LakeLocation lakeLocation() {
        if (location == null) {
            LakeLocation resolved = targetSettings().location();
            location = new LakeParameters(resolved.catalog(), resolved.dataPath(), catalogServerId, s3Endpoint, s3Region, s3UrlStyle, s3UseSsl,
                    s3ServerId).location(basedir.toPath(), new LakeCredentials(settings, settingsDecrypter, System.getenv()))
                    .withAlias(resolved.alias(), resolved.session());
        }
        return location;
    }

    /** The lake, target, schema and threads from the POM, -D, the dbt profile and the defaults, resolved once. */
    TargetSettings targetSettings() {
        if (targetSettings == null) {
            targetSettings = new TargetResolution(profilesDir, projectDirectory, target, buildDirectory == null ? new File(basedir, "target") : buildDirectory,
                    profileVars(), property -> session != null && session.getUserProperties().containsKey(property))
                    .resolve(catalog, dataPath, givenSchema(), givenThreads(), reporter(), this::redact);
        }
        return targetSettings;
    }

    /** The target schema the user set, or null: only the goals that build models have one. */
    String givenSchema() {
        return null;
    }

    /** The threads the user set, or null: only the goals that run models or tests take them from a profile. */
    Integer givenThreads() {
        return null;
    }

    /** The values {@code var()} has in profiles.yml: dbt gives it only the command line's vars. */
    Map<String, Object> profileVars() {
        return Map.of();
    }

    /** The id of this build's rows in the lake's run history; every goal of one Maven invocation has the same. */
    String runId() {
        return session == null || session.getRequest().getStartTime() == null ? RunHistory.newRunId()
                : RunHistory.runId(session.getRequest().getStartTime().toInstant());
    }

    /** Whether a later goal of this build works on the lake this goal attaches, and so should find it still attached. */
    boolean lakeUsedLater() {
        return false;
    }

    /** Where this goal gets its lake: the one an earlier goal of the build left attached, or a fresh one; kept when {@link #lakeUsedLater}. */
    LakeSource lakes() {
        return HeldLakes.source(moduleKey() + lakeLocation(), runId(), lakeUsedLater(), reporter());
    }

    /** The module part of the key lakes are held under: one module's goals share a DuckDB, other modules' never. */
    private String moduleKey() {
        return basedir.getAbsolutePath() + "|";
    }

    /** A failing goal, and the last goal that uses the lake, close what the build held attached: the catalog is free again. */
    @Override
    void finish(boolean failed) {
        if (failed || !lakeUsedLater()) {
            closeHeldLakes();
        }
    }

    /** Closes what earlier goals of this module left attached. */
    void closeHeldLakes() {
        HeldLakes.closeAll(moduleKey());
    }

    /** Whether this build skips verify-metrics' tests, in which case nothing waits for them. */
    boolean testsSkipped() {
        return session != null && java.util.stream.Stream.of("skipTests", "testbed.tests.skip", "maven.test.skip")
                .anyMatch(name -> Boolean.parseBoolean(session.getUserProperties().getProperty(name,
                        session.getSystemProperties().getProperty(name, "false"))) || "".equals(session.getUserProperties().getProperty(name)));
    }

    @Override
    String redact(String text) {
        return location == null ? text : location.access().redact(text);
    }
}
