package dev.testbed.bench;

import dev.testbed.core.Reporter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link Reporter} that timestamps every message, so per-table timings can be read off the engine's
 * own log without timing code in the engine. DataGenerator and LakeLoader log one line per table right
 * after finishing it ({@code "  <table>  <rows> rows  <seconds> s  <rate>"}) and start the next table
 * immediately, so a table's time is the gap between the previous table's line and its own.
 */
final class TimingReporter implements Reporter {

    private static final Pattern TABLE_LINE = Pattern.compile("^\\s+(\\S+)\\s+([\\d,]+) rows\\s+([\\d.]+) s\\b.*");

    private static final Pattern WRITING = Pattern.compile("([\\d.]+) s of writing");

    private record Line(long nanos, String message) {
    }

    private final List<Line> lines = new ArrayList<>();
    private final boolean echo;

    TimingReporter(boolean echo) {
        this.echo = echo;
    }

    @Override
    public synchronized void report(Event event) {
        if (event.level() == Level.DEBUG) {
            return;
        }
        String message = event.level() == Level.INFO ? event.message() : event.level() + ": " + event.message();
        lines.add(new Line(System.nanoTime(), message));
        if (echo) {
            System.out.println("      | " + message);
        }
    }

    /**
     * The seconds the engine's own line for {@code table} prints, and for generate-data the seconds its files took to
     * write ("N s of writing"), or -1 where the line has none: generate-data writes all tables from one queue, so the
     * gaps between lines are not a table's time.
     */
    synchronized double[] printedSeconds(String table) {
        for (Line line : lines) {
            Matcher m = TABLE_LINE.matcher(line.message());
            if (m.matches() && m.group(1).equals(table)) {
                Matcher writing = WRITING.matcher(line.message());
                return new double[] {Double.parseDouble(m.group(3)), writing.find() ? Double.parseDouble(writing.group(1)) : -1};
            }
        }
        throw new IllegalStateException("no timing line for " + table + " in the engine's log: " + lines);
    }

    /**
     * Nanoseconds the engine spent on {@code table} (as it names it in its log): the gap from the
     * previous table's line, or, for the first table, the seconds the line itself prints.
     */
    synchronized long tableNanos(String table) {
        Line previous = null;
        for (Line line : lines) {
            Matcher m = TABLE_LINE.matcher(line.message());
            if (!m.matches()) {
                continue;
            }
            if (m.group(1).equals(table)) {
                return previous != null ? line.nanos() - previous.nanos()
                        : Math.round(Double.parseDouble(m.group(3)) * 1e9);
            }
            previous = line;
        }
        throw new IllegalStateException("no timing line for " + table + " in the engine's log: " + lines);
    }
}
