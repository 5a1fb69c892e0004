package dev.testbed.compile;

import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.objects.date.StrftimeFormatter;
import com.hubspot.jinjava.objects.serialization.PyishSerializable;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code modules.datetime}: Python's {@code datetime} module as dbt's macros use it. {@code datetime.datetime.now()},
 * {@code utcnow()}, {@code strptime(text, format)}, {@code fromisoformat(text)}, {@code datetime.datetime(y, m, d, ...)},
 * {@code datetime.date(y, m, d)}, {@code date.today()}, {@code datetime.timedelta(days=..., hours=...)}; the values
 * have {@code strftime}, {@code isoformat}, their fields, and print as Python prints them. Arithmetic ({@code +}, {@code -})
 * on them is not supported: Jinjava's operators know only numbers, strings and collections.
 */
public final class PythonDatetime {

    static final PythonDatetime MODULE = new PythonDatetime();

    private PythonDatetime() {
    }

    /** {@code datetime.datetime}, the type, for {@code now()}, {@code strptime()}... */
    public DateTimeType getDatetime() {
        return DateTimeType.INSTANCE;
    }

    /** {@code datetime.date}, the type, for {@code today()}. */
    public DateType getDate() {
        return DateType.INSTANCE;
    }

    /** {@code datetime.datetime(year, month, day, hour=0, minute=0, second=0, microsecond=0)}. */
    public DateTime datetime(Object... args) {
        Map<String, Object> named = arguments(args, List.of("year", "month", "day", "hour", "minute", "second", "microsecond"));
        return new DateTime(LocalDateTime.of(number(named, "year", null), number(named, "month", null), number(named, "day", null),
                number(named, "hour", 0), number(named, "minute", 0), number(named, "second", 0), number(named, "microsecond", 0) * 1000), null);
    }

    /** {@code datetime.date(year, month, day)}. */
    public Date date(Object... args) {
        Map<String, Object> named = arguments(args, List.of("year", "month", "day"));
        return new Date(LocalDate.of(number(named, "year", null), number(named, "month", null), number(named, "day", null)));
    }

    /** {@code datetime.timedelta(days=0, seconds=0, microseconds=0, milliseconds=0, minutes=0, hours=0, weeks=0)}. */
    public Timedelta timedelta(Object... args) {
        Map<String, Object> named = arguments(args, List.of("days", "seconds", "microseconds", "milliseconds", "minutes", "hours", "weeks"));
        double seconds = decimal(named, "days") * 86400 + decimal(named, "seconds") + decimal(named, "microseconds") / 1e6
                + decimal(named, "milliseconds") / 1e3 + decimal(named, "minutes") * 60 + decimal(named, "hours") * 3600
                + decimal(named, "weeks") * 7 * 86400;
        return new Timedelta(Duration.ofNanos(Math.round(seconds * 1e6) * 1000));
    }

    /** Python's call arguments: positional ones by {@code names}' order, then keyword ones. */
    static Map<String, Object> arguments(Object[] args, List<String> names) {
        Map<String, Object> named = new LinkedHashMap<>();
        int position = 0;
        for (Object arg : args) {
            if (arg instanceof NamedParameter parameter) {
                named.put(parameter.getName(), parameter.getValue());
            } else if (position < names.size()) {
                named.put(names.get(position++), arg);
            } else {
                throw Render.current().fail("too many arguments: " + args.length, "It takes " + String.join(", ", names) + ".");
            }
        }
        for (String name : named.keySet()) {
            if (!names.contains(name)) {
                throw Render.current().fail("unexpected keyword argument '" + name + "'", "It takes " + String.join(", ", names) + ".");
            }
        }
        return named;
    }

    private static int number(Map<String, Object> named, String name, Integer fallback) {
        Object value = named.get(name);
        if (value instanceof Number n) {
            return n.intValue();
        }
        if (value == null && fallback != null) {
            return fallback;
        }
        throw Render.current().fail("argument '" + name + "' must be a whole number, got " + PythonText.repr(value), null);
    }

    private static double decimal(Map<String, Object> named, String name) {
        Object value = named.getOrDefault(name, 0);
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw Render.current().fail("argument '" + name + "' must be a number, got " + PythonText.repr(value), null);
    }

    /** A value that Jinjava prints as Python prints it: its {@code toString()}. */
    interface Printed extends PyishSerializable {

        @Override
        default <T extends Appendable & CharSequence> T appendPyishString(T appendable) throws IOException {
            appendable.append(toString());
            return appendable;
        }
    }

    /** The type {@code datetime.datetime}. */
    public static final class DateTimeType {

        static final DateTimeType INSTANCE = new DateTimeType();

        public DateTime now() {
            return new DateTime(LocalDateTime.now(), null);
        }

        public DateTime utcnow() {
            return new DateTime(LocalDateTime.now(ZoneOffset.UTC), null);
        }

        public DateTime fromisoformat(String text) {
            try {
                return new DateTime(LocalDateTime.parse(text.replace(' ', 'T')), null);
            } catch (DateTimeParseException e) {
                return new DateTime(LocalDate.parse(text).atStartOfDay(), null);
            }
        }

        /** Python's {@code strptime}: the text read with a strftime format such as {@code %Y-%m-%d %H:%M:%S}. */
        public DateTime strptime(String text, String format) {
            TemporalAccessor parsed;
            try {
                parsed = StrftimeFormatter.toDateTimeFormatter(format).parse(text);
            } catch (RuntimeException e) {
                throw Render.current().fail("time data '" + text + "' does not match format '" + format + "'", e.getMessage());
            }
            LocalDate date = parsed.isSupported(ChronoField.EPOCH_DAY) ? LocalDate.from(parsed) : LocalDate.of(1900, 1, 1);
            LocalTime time = parsed.isSupported(ChronoField.NANO_OF_DAY) ? LocalTime.from(parsed)
                    : parsed.isSupported(ChronoField.HOUR_OF_DAY) ? LocalTime.of(parsed.get(ChronoField.HOUR_OF_DAY),
                    parsed.isSupported(ChronoField.MINUTE_OF_HOUR) ? parsed.get(ChronoField.MINUTE_OF_HOUR) : 0) : LocalTime.MIDNIGHT;
            return new DateTime(LocalDateTime.of(date, time), null);
        }
    }

    /** The type {@code datetime.date}. */
    public static final class DateType {

        static final DateType INSTANCE = new DateType();

        public Date today() {
            return new Date(LocalDate.now());
        }

        public Date fromisoformat(String text) {
            return new Date(LocalDate.parse(text));
        }
    }

    /** A {@code datetime.date}: prints as {@code 2024-01-31}. */
    public record Date(LocalDate value) implements Printed, Comparable<Date> {

        public int getYear() {
            return value.getYear();
        }

        public int getMonth() {
            return value.getMonthValue();
        }

        public int getDay() {
            return value.getDayOfMonth();
        }

        /** Monday is 0, as in Python. */
        public int weekday() {
            return value.getDayOfWeek().getValue() - 1;
        }

        public int isoweekday() {
            return value.getDayOfWeek().getValue();
        }

        public String isoformat() {
            return value.toString();
        }

        public String strftime(String format) {
            return StrftimeFormatter.format(value.atStartOfDay(ZoneOffset.UTC), format);
        }

        @Override
        public String toString() {
            return value.toString();
        }

        @Override
        public int compareTo(Date other) {
            return value.compareTo(other.value);
        }
    }

    /** A {@code datetime.datetime}, naive unless {@code offset} is set: prints as {@code 2024-01-31 12:30:00}. */
    public record DateTime(LocalDateTime value, ZoneOffset offset) implements Printed, Comparable<DateTime> {

        public int getYear() {
            return value.getYear();
        }

        public int getMonth() {
            return value.getMonthValue();
        }

        public int getDay() {
            return value.getDayOfMonth();
        }

        public int getHour() {
            return value.getHour();
        }

        public int getMinute() {
            return value.getMinute();
        }

        public int getSecond() {
            return value.getSecond();
        }

        public int getMicrosecond() {
            return value.getNano() / 1000;
        }

        public Date date() {
            return new Date(value.toLocalDate());
        }

        public String strftime(String format) {
            return StrftimeFormatter.format(value.atZone(offset == null ? ZoneOffset.UTC : offset), format);
        }

        public String isoformat() {
            return text('T');
        }

        private String text(char separator) {
            StringBuilder text = new StringBuilder(value.toLocalDate().toString()).append(separator)
                    .append(String.format("%02d:%02d:%02d", value.getHour(), value.getMinute(), value.getSecond()));
            if (value.getNano() / 1000 != 0) {
                text.append(String.format(".%06d", value.getNano() / 1000));
            }
            if (offset != null) {
                text.append(offset.getTotalSeconds() == 0 ? "+00:00" : offset.getId());
            }
            return text.toString();
        }

        @Override
        public String toString() {
            return text(' ');
        }

        @Override
        public int compareTo(DateTime other) {
            return value.compareTo(other.value);
        }
    }

    /** A {@code datetime.timedelta}: prints as Python does, e.g. {@code 1 day, 2:00:00}. */
    public record Timedelta(Duration value) implements Printed {

        public long getDays() {
            return Math.floorDiv(value.getSeconds(), 86400);
        }

        public long getSeconds() {
            return Math.floorMod(value.getSeconds(), 86400);
        }

        public double total_seconds() {
            return value.toNanos() / 1e9;
        }

        @Override
        public String toString() {
            long days = getDays();
            long seconds = getSeconds();
            String clock = String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
            long micros = value.getNano() / 1000;
            if (micros != 0) {
                clock += String.format(".%06d", micros);
            }
            return days == 0 ? clock : days + (Math.abs(days) == 1 ? " day, " : " days, ") + clock;
        }
    }
}
