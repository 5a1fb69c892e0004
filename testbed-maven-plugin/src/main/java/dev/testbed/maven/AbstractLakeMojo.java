package dev.testbed.maven;

import dev.testbed.core.LakeLocation;
import java.io.File;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/** Goals that work on the DuckLake warehouse: where it lives, and how to reach it. */
abstract class AbstractLakeMojo extends AbstractTestbedMojo {

    /**
     * The DuckLake catalog: a path to a DuckDB catalog file (created if missing), or any DuckLake catalog
     * string such as {@code postgres:dbname=lake host=localhost port=5432 user=testbed} or {@code sqlite:catalog.sqlite}.
     * A {@code ducklake:} prefix is optional. A PostgreSQL database must exist; DuckLake creates its tables in it.
     * Never put a password here: it comes from {@link #catalogServerId}.
     */
    @Parameter(property = "testbed.catalog", defaultValue = "${project.build.directory}/lake/warehouse.ducklake")
    String catalog;

    /** Where DuckLake writes its Parquet data files: a folder, or an object-store URL such as {@code s3://bucket/prefix/}. */
    @Parameter(property = "testbed.dataPath", defaultValue = "${project.build.directory}/lake/data/")
    String dataPath;

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

    LakeLocation lakeLocation() {
        if (location == null) {
            location = new LakeParameters(catalog, dataPath, catalogServerId, s3Endpoint, s3Region, s3UrlStyle, s3UseSsl, s3ServerId)
                    .location(basedir.toPath(), new LakeCredentials(settings, settingsDecrypter, System.getenv()));
        }
        return location;
    }

    @Override
    String redact(String text) {
        return location == null ? text : location.access().redact(text);
    }
}
