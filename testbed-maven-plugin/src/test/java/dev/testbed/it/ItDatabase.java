package dev.testbed.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.duckdb.DuckDBDriver;

/**
 * What the invoker ITs' Groovy hook scripts share (they see the test classpath through the invoker's
 * addTestClassPath): an in-memory DuckDB to inspect Parquet files and lakes, and the build log split
 * into Maven runs.
 */
public final class ItDatabase implements AutoCloseable {

    private final Connection connection;

    public ItDatabase() throws SQLException {
        // DriverManager does not see the driver from a hook script's class loader: ask the driver directly.
        connection = new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
    }

    public void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The first column of the first row, which must exist. */
    public long one(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            if (!rs.next()) {
                throw new AssertionError("no row from: " + sql);
            }
            return rs.getLong(1);
        }
    }

    /** The first column of the first row, which must exist, as JDBC gives it (BigDecimal for DECIMAL, null for NULL). */
    public Object value(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            if (!rs.next()) {
                throw new AssertionError("no row from: " + sql);
            }
            return rs.getObject(1);
        }
    }

    public List<List<Object>> rows(String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(columns);
                for (int c = 1; c <= columns; c++) {
                    row.add(rs.getObject(c));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    /**
     * SQL reading one table of a generated data directory: {@code <stem>.parquet}, or the files of folder
     * {@code <stem>/} (the sales always, other tables when split). With {@code ordered}, each row also has
     * {@code file} (the file's name) and {@code file_row_number}, which together give the rows' order.
     */
    public static String readTable(File directory, String stem, boolean ordered) {
        File single = new File(directory, stem + ".parquet");
        File folder = new File(directory, stem);
        check(single.isFile() != folder.isDirectory(), "expected either " + single + " or " + folder);
        String files = single.isFile() ? single.getAbsolutePath() : folder.getAbsolutePath() + "/*.parquet";
        return ordered
                ? "(SELECT * EXCLUDE (filename), parse_filename(filename) AS file FROM read_parquet('" + files
                        + "', filename = true, file_row_number = true))"
                : "read_parquet('" + files + "')";
    }

    /** All invocations of one IT append to its build.log; each Maven run starts with "Scanning for projects". */
    public static List<String> mavenRuns(File basedir) throws IOException {
        String log = Files.readString(new File(basedir, "build.log").toPath(), StandardCharsets.UTF_8);
        List<String> runs = new ArrayList<>(Arrays.asList(log.split("(?m)^\\[INFO\\] Scanning for projects\\.\\.\\.")));
        runs.remove(0);
        return runs;
    }

    /**
     * The message of the one failed goal of a Maven run, as the Mojo threw it: the text after
     * "[ERROR] Failed to execute goal ...:goal (...) on project ...: " up to "[ERROR] -> [Help 1]", with the
     * "[ERROR] " prefixes of its continuation lines removed.
     */
    public static String goalFailure(String run, String goal) {
        Matcher m = Pattern.compile("(?s)\\[ERROR\\] Failed to execute goal \\S+:" + Pattern.quote(goal)
                + " \\(\\S+\\) on project \\S+: (.*?)\\R\\[ERROR\\] -> \\[Help 1\\]").matcher(run);
        if (!m.find()) {
            throw new AssertionError("no failure of goal " + goal + " in:\n" + run);
        }
        return m.group(1).replaceAll("\\R\\[ERROR\\] ?", "\n");
    }

    /**
     * A run-models that failed before building anything: no progress lines in its log, no compiled SQL or
     * artifacts under {@code target/testbed}, and a lake holding only the four raw tables and no model snapshot.
     */
    public static void assertNoModelsBuilt(File target, String run) throws SQLException {
        check(!java.util.regex.Pattern.compile("(?m)^\\[INFO\\] +\\d+ of \\d+ ").matcher(run).find(), "no model may have run");
        check(!new File(target, "testbed").exists(), "no compiled SQL or artifacts may be written");
        try (ItDatabase db = new ItDatabase()) {
            db.execute("ATTACH 'ducklake:" + new File(target, "lake/warehouse.ducklake").getAbsolutePath() + "' AS lake (READ_ONLY)");
            check(db.one("SELECT count(*) FROM information_schema.tables WHERE table_catalog = 'lake' AND table_schema = 'raw'") == 4,
                    "the raw tables must be there");
            List<List<Object>> others = db.rows("SELECT table_schema || '.' || table_name FROM information_schema.tables "
                    + "WHERE table_catalog = 'lake' AND table_schema <> 'raw'");
            check(others.isEmpty(), "no model relation may exist, found " + others);
            check(db.one("SELECT count(*) FROM ducklake_snapshots('lake') WHERE starts_with(commit_message, 'run-models')") == 0,
                    "no model snapshot may exist");
        }
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
