package dev.testbed.tests;

import dev.testbed.core.Lake;
import dev.testbed.core.SqlErrors;
import dev.testbed.results.DataTest;
import dev.testbed.results.Drift;
import dev.testbed.results.TestResult;
import dev.testbed.results.TestStatus;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * Runs a drift test: its aggregate over the relation now, and over the relation's {@link PreviousVersion} by time
 * travel. A first build has nothing to compare with and passes, saying so. A change beyond {@code max_change} is one
 * failing row, which shows both values, the change and the bound, and the message says what to do.
 */
final class DriftComparison {

    private DriftComparison() {
    }

    /**
     * @param connection the test's connection: the build transaction's in atomic mode, where the current value includes
     *                   the models this build made
     * @param inBuild    whether {@code connection} is in the build's open transaction
     */
    static TestResult run(DataTest test, Connection connection, boolean inBuild, Path compiledDir) {
        long start = System.nanoTime();
        Drift drift = test.drift();
        Path compiled = null;
        try {
            BigDecimal now = value(connection, drift.query(null), test);
            OptionalLong previous;
            BigDecimal before = null;
            // DuckLake 1.5.5 time-travels a table that the open transaction replaced or wrote to into that transaction's own
            // data (AT (VERSION => n) of a replaced table returns the new rows), so in the build transaction the past is read
            // on a connection of its own, which sees only what is published
            try (Connection past = inBuild ? Lake.freshConnection(connection) : null) {
                Connection reader = past == null ? connection : past;
                previous = PreviousVersion.of(reader, drift.catalog(), drift.table(), inBuild);
                if (previous.isPresent()) {
                    before = value(reader, drift.query(previous.getAsLong()), test);
                }
            }
            Double measured = now == null ? null : now.doubleValue();
            String subject = drift.expression() + " of " + drift.table();
            if (previous.isEmpty()) {
                compiled = DataTestQueries.write(compiledDir.resolve(test.id().shortName() + ".sql"), "-- " + subject
                        + " now; it has no previous version to compare with\n" + drift.query(null));
                return new TestResult(test, TestStatus.PASS, 0, List.of(), List.of(), elapsed(start), "first build of " + drift.table()
                        + ": no previous version to compare " + drift.expression() + " = " + text(now) + " with; later builds compare with this one",
                        compiled, measured);
            }
            long version = previous.getAsLong();
            compiled = DataTestQueries.write(compiledDir.resolve(test.id().shortName() + ".sql"), "-- " + subject + " now\n" + drift.query(null)
                    + ";\n-- and at its previous version, snapshot " + version + "\n" + drift.query(version));
            String change = Drift.MaxChange.describe(before, now);
            long failures = drift.maxChange().exceededBy(before, now) ? 1 : 0;
            TestStatus status = DataTestQueries.status(test, failures);
            String message = failures == 0
                    ? subject + ": " + text(now) + " now, " + text(before) + " at snapshot " + version + ", " + change + ", within max_change "
                    + drift.maxChange()
                    : subject + " changed from " + text(before) + " (snapshot " + version + ") to " + text(now) + ": " + change
                    + ", beyond max_change " + drift.maxChange() + ". If the change is intended, raise max_change of " + test.name()
                    + (inBuild ? " (once a build with it passes, later builds compare with the new value)"
                    : " (until the model is built again, its tests compare these same two versions)")
                    + "; otherwise fix the model or its inputs.";
            List<List<String>> rows = failures == 0 ? List.of()
                    : List.of(List.of(text(before), text(now), change, drift.maxChange().toString(), String.valueOf(version)));
            return new TestResult(test, status, failures, failures == 0 ? List.of()
                    : List.of("previous_value", "current_value", "change", "max_change", "previous_snapshot"), rows, elapsed(start), message,
                    compiled, measured);
        } catch (SQLException e) {
            return new TestResult(test, TestStatus.ERROR, -1, List.of(), List.of(), elapsed(start), SqlErrors.message(e), compiled);
        } catch (NumberFormatException e) {
            return new TestResult(test, TestStatus.ERROR, -1, List.of(), List.of(), elapsed(start), e.getMessage(), compiled);
        }
    }

    /** The aggregate's one value (null for NULL); an expression that is no number, or gives other than one row, is refused. */
    private static BigDecimal value(Connection connection, String sql, DataTest test) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            if (!rs.next()) {
                throw new NumberFormatException("the expression " + test.drift().expression() + " of drift test " + test.name()
                        + " gave no row; give an aggregate such as sum(amount) or count(*)");
            }
            String value = rs.getString(1);
            if (rs.next()) {
                throw new NumberFormatException("the expression " + test.drift().expression() + " of drift test " + test.name()
                        + " gave more than one row; give an aggregate such as sum(amount) or count(*)");
            }
            try {
                return value == null ? null : new BigDecimal(value);
            } catch (NumberFormatException e) {
                throw new NumberFormatException("the expression " + test.drift().expression() + " of drift test " + test.name() + " gave '" + value
                        + "', which is no number; drift tests compare numbers, e.g. sum(amount), avg(price) or count(*)");
            }
        }
    }

    private static String text(BigDecimal value) {
        return value == null ? "NULL" : value.toPlainString();
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
