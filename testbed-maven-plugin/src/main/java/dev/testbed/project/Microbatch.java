package dev.testbed.project;

import dev.testbed.core.TestbedException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The configs of an {@code incremental_strategy: microbatch} model, checked as dbt-core's parser checks them
 * (check_valid_microbatch_config, with its messages): {@code event_time} (the model's own event-time column),
 * {@code begin} (the earliest time the first build covers), {@code batch_size}, and {@code lookback} (how many batches
 * before the current one an incremental run rebuilds; 1 by default). Times are UTC, as in dbt.
 */
public record Microbatch(String eventTime, LocalDateTime begin, BatchSize batchSize, int lookback) {

    /** dbt's BatchSize. */
    public enum BatchSize {
        HOUR, DAY, MONTH, YEAR;

        public String dbtName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final List<String> SIZES = Arrays.stream(BatchSize.values()).map(BatchSize::dbtName).toList();

    /**
     * @param origin where the model's config was set, for messages
     * @throws TestbedException with dbt's parse error for a missing or invalid config
     */
    public static Microbatch of(String model, Map<String, Object> config, String origin) {
        Object eventTime = config.get("event_time");
        if (eventTime == null) {
            throw parseError(model, origin, "must provide an 'event_time' (string) config that indicates the name of the event time column.");
        }
        if (!(eventTime instanceof String)) {
            throw parseError(model, origin, "must provide an 'event_time' config of type string, but got: " + eventTime.getClass().getSimpleName() + ".");
        }
        Object begin = config.get("begin");
        if (begin == null) {
            throw parseError(model, origin, "must provide a 'begin' (datetime) config that indicates the earliest timestamp the microbatch model should be built from.");
        }
        LocalDateTime start = parseTime(begin.toString());
        if (start == null) {
            throw parseError(model, origin, "must provide a 'begin' config of valid datetime (ISO format), but got: " + begin + ".");
        }
        Object size = config.get("batch_size");
        if (!(size instanceof String text) || !SIZES.contains(text)) {
            throw parseError(model, origin, "must provide a 'batch_size' config that is one of " + SIZES.stream().map(s -> "'" + s + "'").toList()
                    + ", but got: " + size + ".");
        }
        Object lookback = config.get("lookback");
        if (lookback != null && !(lookback instanceof Integer || lookback instanceof Long || lookback instanceof String s && s.matches("-?\\d+"))) {
            throw parseError(model, origin, "must provide the optional 'lookback' config as type int, but got: " + lookback.getClass().getSimpleName() + ").");
        }
        Object concurrent = config.get("concurrent_batches");
        if (concurrent != null && !(concurrent instanceof Boolean)) {
            throw parseError(model, origin, "optional 'concurrent_batches' config must be of type `bool` if specified, but got: "
                    + concurrent.getClass().getSimpleName() + ").");
        }
        return new Microbatch((String) eventTime, start, BatchSize.valueOf(((String) size).toUpperCase(Locale.ROOT)),
                lookback == null ? 1 : Integer.parseInt(lookback.toString()));
    }

    /**
     * A time as Python's datetime.fromisoformat reads it (a date, or a date and time with {@code T} or a space, with or
     * without an offset), in UTC; null if it is none of these.
     */
    public static LocalDateTime parseTime(String text) {
        String value = text.strip().replace(' ', 'T');
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay();
            }
            if (value.matches(".*([+-]\\d\\d:\\d\\d|Z)$")) {
                return OffsetDateTime.parse(value).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
            }
            return LocalDateTime.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static TestbedException parseError(String model, String origin, String problem) {
        return new TestbedException("Microbatch model '" + model + "' " + problem + (origin == null ? "" : " (set in " + origin + ")"),
                "Configure the model with event_time='<its event time column>', begin='2024-01-01', batch_size='day' (hour, day, month or year) "
                        + "and optionally lookback=1.");
    }
}
