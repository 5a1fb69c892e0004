package dev.testbed.maven;

import dev.testbed.core.LakeLocation;
import java.io.File;
import org.apache.maven.plugins.annotations.Parameter;

/** Goals that work on the DuckLake warehouse: where it lives. */
abstract class AbstractLakeMojo extends AbstractTestbedMojo {

    /**
     * The DuckLake catalog: a path to a DuckDB catalog file (created if missing), or any DuckLake catalog
     * string such as {@code postgres:dbname=lake host=localhost} or {@code sqlite:catalog.sqlite}.
     * A {@code ducklake:} prefix is optional.
     */
    @Parameter(property = "testbed.catalog", defaultValue = "${project.build.directory}/lake/warehouse.ducklake")
    String catalog;

    /** Where DuckLake writes its Parquet data files: a folder, or an object-store URL such as {@code s3://bucket/prefix/}. */
    @Parameter(property = "testbed.dataPath", defaultValue = "${project.build.directory}/lake/data/")
    String dataPath;

    /** Relative catalog and data paths are relative to this folder, as Maven's own path parameters are. */
    @Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
    File basedir;

    LakeLocation lakeLocation() {
        return new LakeLocation(catalog, dataPath).relativeTo(basedir.toPath());
    }
}
