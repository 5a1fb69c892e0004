package dev.testbed.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where a DuckLake warehouse lives: its catalog (a DuckDB file by default, or any DuckLake catalog
 * string such as {@code postgres:dbname=lake host=…}) and its data path (a folder or an object-store URL),
 * the settings and credentials to reach them ({@link LakeAccess}, never printed), the alias it is attached as
 * (relations are qualified with it, as dbt-duckdb qualifies them with the profile's {@code database}) and what
 * else a connection to it needs ({@link SessionSetup}: a dbt profile's other attachments, settings, secrets).
 */
public record LakeLocation(String catalog, String dataPath, LakeAccess access, String alias, SessionSetup session) {

    /** Seconds libpq waits for a PostgreSQL catalog to answer, unless the catalog string sets {@code connect_timeout}. */
    static final int CATALOG_CONNECT_TIMEOUT_SECONDS = 10;

    private static final Pattern CATALOG_BACKEND = Pattern.compile("^(duckdb|sqlite|postgres|mysql):.*", Pattern.DOTALL);
    private static final Pattern URL_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");

    public LakeLocation(String catalog, String dataPath) {
        this(catalog, dataPath, LakeAccess.NONE);
    }

    public LakeLocation(String catalog, String dataPath, LakeAccess access) {
        this(catalog, dataPath, access, Lake.ALIAS, SessionSetup.NONE);
    }

    public LakeLocation {
        if (catalog == null || catalog.isBlank()) {
            throw new TestbedException("No DuckLake catalog is configured.", "Set <catalog> or -Dtestbed.catalog, e.g. target/lake/warehouse.ducklake.");
        }
        if (dataPath == null || dataPath.isBlank()) {
            throw new TestbedException("No DuckLake data path is configured.", "Set <dataPath> or -Dtestbed.dataPath, e.g. target/lake/data/.");
        }
        catalog = catalog.strip().replaceFirst("^ducklake:", "");
        dataPath = dataPath.strip();
        access = access == null ? LakeAccess.NONE : access;
        alias = alias == null || alias.isBlank() ? Lake.ALIAS : alias.strip();
        if (!SQL_NAME.matcher(alias).matches()) {
            throw new TestbedException("The lake's alias '" + alias + "' is not a plain SQL name.",
                    "Use letters, digits and underscores, starting with a letter (the profile's database and its attach alias).");
        }
        session = session == null ? SessionSetup.NONE : session;
    }

    private static final Pattern SQL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** This location attached as {@code newAlias}, with {@code newSession} prepared on each connection first. */
    public LakeLocation withAlias(String newAlias, SessionSetup newSession) {
        return new LakeLocation(catalog, dataPath, access, newAlias, newSession);
    }

    /** This location reached with the given settings and credentials. */
    public LakeLocation withAccess(LakeAccess newAccess) {
        return new LakeLocation(catalog, dataPath, newAccess, alias, session);
    }

    /**
     * This location with relative local paths taken relative to {@code base} rather than the process's
     * working directory (a Maven build resolves them against the project's folder).
     */
    public LakeLocation relativeTo(Path base) {
        String resolvedCatalog = isFileCatalog() && !Path.of(catalog).isAbsolute() ? base.resolve(catalog).toString() : catalog;
        String resolvedData = isLocalDataPath() && !Path.of(dataPath).isAbsolute() ? base.resolve(dataPath) + "/" : dataPath;
        return new LakeLocation(resolvedCatalog, resolvedData, access, alias, session);
    }

    /** True when the catalog is a local DuckDB file (the embedded default). */
    public boolean isFileCatalog() {
        return !CATALOG_BACKEND.matcher(catalog).matches();
    }

    /** True when the catalog is a PostgreSQL database (DuckDB's postgres_scanner extension reaches it). */
    public boolean isPostgresCatalog() {
        return catalog.startsWith("postgres:");
    }

    public boolean isLocalDataPath() {
        return !URL_SCHEME.matcher(dataPath).matches();
    }

    /** The catalog with relative file paths made absolute. */
    public String resolvedCatalog() {
        return isFileCatalog() ? Path.of(catalog).toAbsolutePath().normalize().toString() : catalog;
    }

    public String resolvedDataPath() {
        if (!isLocalDataPath()) {
            return dataPath.endsWith("/") ? dataPath : dataPath + "/";
        }
        return Path.of(dataPath).toAbsolutePath().normalize() + "/";
    }

    /**
     * Creates the local folders a new lake needs (DuckDB does not create parent directories) and checks that a
     * local data path can be written, before anything is attached: DuckDB would otherwise create the catalog
     * and then fail at the first table with a misleading "Failed to create directory …: No such file or directory".
     */
    public void prepareLocalFolders() {
        if (isFileCatalog()) {
            Path parent = Path.of(resolvedCatalog()).getParent();
            if (parent != null) {
                createFolder(parent, "the DuckLake catalog " + resolvedCatalog(), "testbed.catalog");
            }
        }
        if (isLocalDataPath()) {
            Path data = Path.of(resolvedDataPath());
            createFolder(data, "the lake's data path", "testbed.dataPath");
            checkWritable(data);
        }
    }

    private static void createFolder(Path folder, String purpose, String property) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw folderFailure("Cannot create the folder " + folder + " for " + purpose, folder, property, e);
        }
    }

    private static void checkWritable(Path data) {
        Path probe = data.resolve(".testbed-write-check-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            Files.createFile(probe);
            Files.delete(probe);
        } catch (IOException e) {
            // the OS's reason names the probe file, which the user never asked for: name the data path instead
            FileErrors.Reason reason = FileErrors.reason(e);
            throw folderFailure("Cannot write into the lake's data path " + data, data, "testbed.dataPath",
                    new FileErrors.Reason(reason.kind(), reason.text().replace(probe.toString(), data.toString())), e);
        }
    }

    private static TestbedException folderFailure(String problem, Path folder, String property, IOException e) {
        return folderFailure(problem, folder, property, FileErrors.reason(e), e);
    }

    private static TestbedException folderFailure(String problem, Path folder, String property, FileErrors.Reason reason, IOException e) {
        String hint = FileErrors.hint(reason.kind(), folder.toString());
        return new TestbedException(problem + ": " + reason.text() + ".",
                (hint == null ? "Point -D" + property + " at a writable location" : hint + " (-D" + property + ")") + "; nothing was written to the lake.", e);
    }

    /**
     * The ATTACH statement, with further DuckLake options ({@code READ_ONLY, SNAPSHOT_VERSION 3}) or null. A
     * PostgreSQL catalog gets a connect timeout unless it names one, and reads its password from the secret
     * {@code catalogSecretName} when there is one (never from this SQL text).
     */
    public String attachSql(String alias, String catalogSecretName, String moreOptions) {
        String target = resolvedCatalog();
        if (isPostgresCatalog() && !target.contains("connect_timeout")) {
            target += " connect_timeout=" + CATALOG_CONNECT_TIMEOUT_SECONDS;
        }
        String metadata = catalogSecretName == null ? "" : ", METADATA_PARAMETERS MAP {'SECRET': " + Sql.literal(catalogSecretName) + "}";
        return "ATTACH " + Sql.literal("ducklake:" + target) + " AS " + alias + " (DATA_PATH " + Sql.literal(resolvedDataPath())
                + metadata + (moreOptions == null ? "" : ", " + moreOptions) + ")";
    }

    public String attachSql(String alias) {
        return attachSql(alias, null, null);
    }

    /** The ATTACH statement under this location's own alias. */
    public String attachSql() {
        return attachSql(alias, null, null);
    }

    /** The ATTACH statement with further DuckLake options, such as {@code READ_ONLY, SNAPSHOT_VERSION 3}. */
    public String attachSql(String alias, String moreOptions) {
        return attachSql(alias, null, moreOptions);
    }

    @Override
    public String toString() {
        return "ducklake:" + access.redact(resolvedCatalog()) + " (data " + resolvedDataPath() + ")"
                + (alias.equals(Lake.ALIAS) ? "" : " as " + alias);
    }
}
