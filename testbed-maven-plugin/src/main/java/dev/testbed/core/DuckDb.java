package dev.testbed.core;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens embedded, in-memory DuckDB connections configured from {@link DuckDbSettings}, and loads
 * extensions the way the build needs them: installed copy first, then DuckDB's online install, then the
 * extension's wheel from a package index (PyPI), then a clear error naming what was tried.
 */
public final class DuckDb {

    /** The DuckDB version this plugin is built and tested against (and whose extensions it expects). */
    public static final String EXPECTED_VERSION = "v1.5.5";

    /** What the next {@link #open} runs first, once (see {@link #beforeNextStart}). */
    private static final AtomicReference<Runnable> BEFORE_NEXT_START = new AtomicReference<>();

    private DuckDb() {
    }

    public static Connection open(DuckDbSettings settings) {
        return open(settings, SessionSetup.IN_MEMORY);
    }

    /**
     * Has the next {@link #open} in this JVM, on whichever thread, run {@code hook} first, once; a later call replaces a hook
     * that has not run yet. For work worth doing only once a build really starts DuckDB (an up-to-date build never does), such
     * as loading on another thread the classes later goals need while this one starts DuckDB.
     */
    public static void beforeNextStart(Runnable hook) {
        BEFORE_NEXT_START.set(hook);
    }

    /** A connection to the DuckDB database {@code databasePath}: {@code :memory:}, or a file (a dbt profile's {@code path}). */
    public static Connection open(DuckDbSettings settings, String databasePath) {
        Runnable hook = BEFORE_NEXT_START.getAndSet(null);
        if (hook != null) {
            hook.run();
        }
        try {
            Connection connection = DuckDbDriver.connect(SessionSetup.IN_MEMORY.equals(databasePath) ? "jdbc:duckdb:" : "jdbc:duckdb:" + databasePath);
            try {
                configure(connection, settings);
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
            return connection;
        } catch (SQLException e) {
            throw new TestbedException("Could not start DuckDB: " + SqlErrors.message(e),
                    "Check the testbed.memoryLimit, testbed.threads and testbed.tempDirectory settings.", e);
        }
    }

    private static void configure(Connection connection, DuckDbSettings settings) throws SQLException {
        // Without this an ATTACH of an unknown extension would try the network and fail obscurely.
        execute(connection, "SET autoinstall_known_extensions = false");
        tune(connection, settings);
        if (settings.tempDirectory() != null) {
            execute(connection, "SET temp_directory = " + Sql.literal(SpillFolder.under(settings.tempDirectory()).toString()));
        }
        if (settings.extensionDirectory() != null) {
            execute(connection, "SET extension_directory = " + Sql.literal(settings.extensionDirectory().toAbsolutePath().toString()));
        }
    }

    /**
     * Gives a DuckDB that is already running the threads and memory limit of {@code settings}, for a later goal that
     * reuses it: the plugin's default memory limit again when they set none.
     */
    static void tune(Connection connection, DuckDbSettings settings) throws SQLException {
        execute(connection, "SET threads = " + settings.effectiveThreads());
        String memoryLimit = settings.memoryLimit() != null && !settings.memoryLimit().isBlank() ? settings.memoryLimit().strip() : null;
        if (memoryLimit == null) {
            // the default is derived from DuckDB's own, which a reused DuckDB shows only after a reset
            execute(connection, "RESET memory_limit");
            memoryLimit = DuckDbSettings.defaultMemoryLimitBytes(memoryLimitBytes(connection), Runtime.getRuntime().maxMemory()) / (1024 * 1024)
                    + "MiB";
        }
        execute(connection, "SET memory_limit = " + Sql.literal(memoryLimit));
    }

    private static final Pattern BYTE_SIZE = Pattern.compile("([0-9.]+)\\s*(bytes|[KMGTP]i?B)?",
            Pattern.CASE_INSENSITIVE);

    /** The memory limit in effect on this connection's DuckDB, in bytes (DuckDB reports it as text such as "18.8 GiB"). */
    public static long memoryLimitBytes(Connection connection) throws SQLException {
        String text = queryString(connection, "SELECT current_setting('memory_limit')");
        Matcher size = BYTE_SIZE.matcher(text == null ? "" : text.strip());
        if (!size.matches()) {
            throw new SQLException("DuckDB reported a memory limit this plugin cannot read: " + text);
        }
        String unit = size.group(2) == null ? "bytes" : size.group(2).toUpperCase(Locale.ROOT);
        int power = switch (unit.charAt(0)) {
            case 'K' -> 1;
            case 'M' -> 2;
            case 'G' -> 3;
            case 'T' -> 4;
            case 'P' -> 5;
            default -> 0;
        };
        double base = unit.contains("I") ? 1024 : 1000;
        return (long) (Double.parseDouble(size.group(1)) * Math.pow(base, power));
    }

    public static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    public static String queryString(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    public static long queryLong(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException("Query returned no rows: " + sql);
            }
            return rs.getLong(1);
        }
    }

    /**
     * Makes {@code extension} usable on this connection: loads the installed copy, else lets DuckDB install it
     * (from {@code extensionRepository} if set), else installs it from its wheel on the package index
     * ({@code extensionIndex}), else fails saying what was tried and what to do. With the file in place
     * nothing touches the network.
     */
    public static void loadExtension(Connection connection, String extension, DuckDbSettings settings) {
        SQLException installed;
        try {
            execute(connection, "LOAD " + extension);
            return;
        } catch (SQLException e) {
            installed = e;
        }
        SQLException duckDbInstall;
        try {
            String from = settings.extensionRepository() == null || settings.extensionRepository().isBlank()
                    ? "" : " FROM " + Sql.literal(settings.extensionRepository());
            execute(connection, "INSTALL " + extension + from);
            execute(connection, "LOAD " + extension);
            return;
        } catch (SQLException e) {
            duckDbInstall = e;
        }
        String version = safeQuery(connection, "SELECT version()", EXPECTED_VERSION);
        String platform = safeQuery(connection, "SELECT platform FROM pragma_platform()", "linux_amd64");
        Path directory = extensionDirectory(connection);
        ExtensionIndex index = settings.extensionIndex();
        String indexFailure;
        try {
            ExtensionWheels.install(extension, version, platform, directory, index);
            execute(connection, "LOAD " + extension);
            return;
        } catch (IOException e) {
            indexFailure = FileErrors.describe(e);
        } catch (SQLException e) {
            indexFailure = "installed, but DuckDB cannot load it: " + firstLine(SqlErrors.message(e));
        }
        Path expected = ExtensionWheels.target(directory, version, platform, extension);
        String repository = settings.extensionRepository() == null || settings.extensionRepository().isBlank()
                ? "DuckDB's repository" : settings.extensionRepository();
        String problem = "The DuckDB extension '" + extension + "' could not be loaded. Tried, in order:\n"
                + "  installed copy: " + expected + " -> " + firstLine(SqlErrors.message(installed)) + "\n"
                + "  DuckDB's install from " + repository + " -> " + firstLine(SqlErrors.message(duckDbInstall)) + "\n"
                + "  wheel " + ExtensionWheels.project(extension).orElse("(none known)") + " " + version.replaceFirst("^v", "")
                + " from the package index " + index.url() + " -> " + indexFailure;
        String suggestion = "Let the build reach " + index.url() + ", or set -Dtestbed.extensionIndex to a PyPI mirror (simple index)"
                + " that holds it, or -Dtestbed.extensionRepository to a reachable DuckDB extension repository; offline, put the file at "
                + expected + " (-Dtestbed.extensionDirectory chooses the folder).";
        throw new TestbedException(problem, suggestion, duckDbInstall);
    }

    /**
     * The folder this DuckDB loads extensions from, resolved as DuckDB does: its {@code extension_directory}
     * setting, else {@code <home_directory>/.duckdb/extensions}, where an unset {@code home_directory} is the
     * {@code HOME} environment variable ({@code USERPROFILE} on Windows). Java's {@code user.home} plays no part:
     * container CI jobs often set {@code HOME} to another folder.
     */
    public static Path extensionDirectory(Connection connection) {
        String configured = safeQuery(connection, "SELECT current_setting('extension_directory')", "");
        if (!configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        String home = safeQuery(connection, "SELECT current_setting('home_directory')", "");
        if (home.isBlank()) {
            String variable = System.getProperty("os.name", "").startsWith("Windows") ? "USERPROFILE" : "HOME";
            home = System.getenv(variable) == null ? "" : System.getenv(variable);
        }
        // an empty HOME makes DuckDB look in /.duckdb/extensions, and so does this
        return Path.of(home.isBlank() ? "/" : home, ".duckdb", "extensions").toAbsolutePath();
    }

    private static String safeQuery(Connection connection, String sql, String fallback) {
        try {
            String value = queryString(connection, sql);
            return value == null ? fallback : value;
        } catch (SQLException e) {
            return fallback;
        }
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Fails when the DuckDB engine is not the version whose extensions this build provisions. */
    public static void checkVersion(Connection connection) {
        String version = safeQuery(connection, "SELECT version()", "unknown");
        if (!EXPECTED_VERSION.equals(version)) {
            throw new TestbedException("DuckDB " + version + " is on the classpath, but this plugin expects " + EXPECTED_VERSION
                    + " (its extensions are provisioned for that version).",
                    "Do not override the org.duckdb:duckdb_jdbc version in the plugin's <dependencies>.");
        }
    }
}
