package dev.testbed.core;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens embedded, in-memory DuckDB connections configured from {@link DuckDbSettings}, and loads
 * extensions the way the build needs them: installed copy first, then DuckDB's online install, then
 * a clear error naming both remedies.
 */
public final class DuckDb {

    /** The DuckDB version this plugin is built and tested against (and whose extensions it expects). */
    public static final String EXPECTED_VERSION = "v1.5.5";

    private DuckDb() {
    }

    public static Connection open(DuckDbSettings settings) {
        try {
            Class.forName("org.duckdb.DuckDBDriver");
            Connection connection = DriverManager.getConnection("jdbc:duckdb:");
            try {
                configure(connection, settings);
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
            return connection;
        } catch (ClassNotFoundException e) {
            throw new TestbedException("The DuckDB JDBC driver is not on the classpath.", "Add org.duckdb:duckdb_jdbc to the plugin's dependencies.", e);
        } catch (SQLException e) {
            throw new TestbedException("Could not start DuckDB: " + SqlErrors.message(e),
                    "Check the testbed.memoryLimit, testbed.threads and testbed.tempDirectory settings.", e);
        }
    }

    private static void configure(Connection connection, DuckDbSettings settings) throws SQLException {
        // Without this an ATTACH of an unknown extension would try the network and fail obscurely.
        execute(connection, "SET autoinstall_known_extensions = false");
        execute(connection, "SET threads = " + settings.effectiveThreads());
        if (settings.memoryLimit() != null && !settings.memoryLimit().isBlank()) {
            execute(connection, "SET memory_limit = " + Sql.literal(settings.memoryLimit()));
        }
        if (settings.tempDirectory() != null) {
            execute(connection, "SET temp_directory = " + Sql.literal(settings.tempDirectory().toAbsolutePath().toString()));
        }
        if (settings.extensionDirectory() != null) {
            execute(connection, "SET extension_directory = " + Sql.literal(settings.extensionDirectory().toAbsolutePath().toString()));
        }
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
     * Makes {@code extension} usable on this connection: loads the installed copy, else installs it
     * online (from {@code extensionRepository} if set), else fails with both remedies.
     */
    public static void loadExtension(Connection connection, String extension, DuckDbSettings settings) {
        SQLException offline;
        try {
            execute(connection, "LOAD " + extension);
            return;
        } catch (SQLException e) {
            offline = e;
        }
        try {
            String from = settings.extensionRepository() == null || settings.extensionRepository().isBlank()
                    ? "" : " FROM " + Sql.literal(settings.extensionRepository());
            execute(connection, "INSTALL " + extension + from);
            execute(connection, "LOAD " + extension);
        } catch (SQLException online) {
            throw missingExtension(connection, extension, settings, offline, online);
        }
    }

    private static TestbedException missingExtension(Connection connection, String extension, DuckDbSettings settings,
                                                     SQLException offline, SQLException online) {
        String version = safeQuery(connection, "SELECT version()", EXPECTED_VERSION);
        String platform = safeQuery(connection, "SELECT platform FROM pragma_platform()", "linux_amd64");
        Path directory = settings.extensionDirectory() != null ? settings.extensionDirectory()
                : Path.of(System.getProperty("user.home"), ".duckdb", "extensions");
        Path expected = directory.resolve(version).resolve(platform).resolve(extension + ".duckdb_extension");
        String problem = "The DuckDB extension '" + extension + "' could not be loaded.\n"
                + "  installed copy: " + expected + " -> " + firstLine(SqlErrors.message(offline)) + "\n"
                + "  online install: " + firstLine(SqlErrors.message(online));
        String suggestion = "Install it offline from PyPI with 'python3 scripts/install-duckdb-extensions.py --duckdb-version "
                + version.replaceFirst("^v", "") + " --extension " + extension + "' (the build runs this automatically when"
                + " the file is missing), or point -Dtestbed.extensionDirectory at a folder holding " + version + "/" + platform + "/"
                + extension + ".duckdb_extension, or set -Dtestbed.extensionRepository to a reachable extension repository.";
        return new TestbedException(problem, suggestion, online);
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
