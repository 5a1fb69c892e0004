package dev.testbed.run;

import dev.testbed.project.Microbatch;
import dev.testbed.project.Microbatch.BatchSize;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * One batch of a microbatch model: the event times from {@code start} (included) to {@code end} (excluded), UTC. The
 * batches of a run are planned as dbt-core's MicrobatchBuilder plans them.
 */
record Batch(LocalDateTime start, LocalDateTime end, BatchSize size) {

    private static final DateTimeFormatter LITERAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /**
     * The run's batches: up to {@code eventTimeEnd} (or now), rounded up to a batch boundary; from
     * {@code eventTimeStart} if given, else from {@code begin} when the table is built afresh, else {@code lookback}
     * batches before the current one (dbt adds one because its end is always on a boundary).
     *
     * @param incremental the table exists and no full refresh is asked for
     */
    static List<Batch> plan(Microbatch config, boolean incremental, LocalDateTime eventTimeStart, LocalDateTime eventTimeEnd, LocalDateTime now) {
        BatchSize size = config.batchSize();
        LocalDateTime end = ceiling(eventTimeEnd != null ? eventTimeEnd : now, size);
        LocalDateTime start;
        if (eventTimeStart != null) {
            start = truncate(eventTimeStart, size);
        } else if (!incremental) {
            start = truncate(config.begin(), size);
        } else {
            start = offset(end, size, -(config.lookback() + 1));
        }
        List<Batch> batches = new ArrayList<>();
        LocalDateTime batchEnd = offset(start, size, 1);
        batches.add(new Batch(start, batchEnd, size));
        while (batchEnd.isBefore(end)) {
            LocalDateTime batchStart = batchEnd;
            batchEnd = offset(batchStart, size, 1);
            batches.add(new Batch(batchStart, batchEnd, size));
        }
        Batch last = batches.remove(batches.size() - 1);
        batches.add(new Batch(last.start(), end, size)); // dbt ends the last batch at the exact end
        return batches;
    }

    static LocalDateTime truncate(LocalDateTime time, BatchSize size) {
        return switch (size) {
            case HOUR -> time.truncatedTo(ChronoUnit.HOURS);
            case DAY -> time.truncatedTo(ChronoUnit.DAYS);
            case MONTH -> time.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
            case YEAR -> time.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1);
        };
    }

    private static LocalDateTime offset(LocalDateTime time, BatchSize size, int batches) {
        LocalDateTime truncated = truncate(time, size);
        return switch (size) {
            case HOUR -> truncated.plusHours(batches);
            case DAY -> truncated.plusDays(batches);
            case MONTH -> truncated.plusMonths(batches);
            case YEAR -> truncated.plusYears(batches);
        };
    }

    private static LocalDateTime ceiling(LocalDateTime time, BatchSize size) {
        LocalDateTime truncated = truncate(time, size);
        return truncated.equals(time) ? time : offset(truncated, size, 1);
    }

    /** dbt's filter on an event-time column, its times as Python prints a UTC datetime: {@code col >= '2024-01-01 00:00:00+00:00' and col < '…'}. */
    String predicate(String eventTime) {
        return eventTime + " >= " + literal(start) + " and " + eventTime + " < " + literal(end);
    }

    private static String literal(LocalDateTime time) {
        return "'" + LITERAL.format(time) + (time.getNano() == 0 ? "" : String.format(".%06d", time.getNano() / 1000)) + "+00:00'";
    }

    /** How dbt names a batch: {@code 2024-09-17T16}, {@code 2024-09-17}, {@code 2024-09}, {@code 2024}. */
    String id() {
        return switch (size) {
            case HOUR -> start.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH"));
            case DAY -> start.toLocalDate().toString();
            case MONTH -> start.format(DateTimeFormatter.ofPattern("yyyy-MM"));
            case YEAR -> String.valueOf(start.getYear());
        };
    }
}
