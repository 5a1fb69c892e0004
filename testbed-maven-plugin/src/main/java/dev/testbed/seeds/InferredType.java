package dev.testbed.seeds;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The column types dbt's seed loader tries on every cell, in its order of preference (dbt_common's
 * {@code build_type_tester}): a column gets the first type that every cell of it passes, and dbt-duckdb turns it into
 * the SQL type the seed's table is created with ({@code convert_integer_type}, {@code convert_number_type}, ...).
 * "integer" and "number" are agate's Integer and Number; Integer passes no text at all, so it is kept only by a column
 * without cells, which dbt creates as {@code integer} just as an all-empty Number column.
 */
enum InferredType {
    INTEGER, NUMBER, DATE, DATETIME, ISO_DATETIME, BOOLEAN, TEXT;

    /** agate's null values for every type but Text's cast, compared after trimming and lower-casing. */
    private static final Set<String> NULLS = Set.of("null", "");

    /** agate's default currency symbols, stripped from both ends of a number. */
    private static final List<String> CURRENCY_SYMBOLS = List.of("\u060b", "$", "\u0192", "\u17db", "\u00a5", "\u20a1", "\u20b1", "\u00a3",
            "\u20ac", "\u00a2", "\ufdfc", "\u20aa", "\u20a9", "\u20ad", "\u20ae", "\u20a6", "\u0e3f", "\u20a4", "\u20ab");

    // Python's strptime patterns for %Y-%m-%d and %Y-%m-%d %H:%M:%S, matched in full (a space in a format matches any whitespace)
    private static final String DATE_PATTERN = "(\\d{4})-(1[0-2]|0[1-9]|[1-9])-(3[01]|[12]\\d|0[1-9]|[1-9]| [1-9])";
    private static final Pattern STRPTIME_DATE = Pattern.compile(DATE_PATTERN, Pattern.CASE_INSENSITIVE);
    private static final Pattern STRPTIME_DATETIME = Pattern.compile(DATE_PATTERN + "\\s+(2[0-3]|[0-1]\\d|\\d):([0-5]\\d|\\d):(6[0-1]|[0-5]\\d|\\d)");
    // isodate.parse_datetime: <date>T<time>; the date complete or reduced (year, year-month), calendar, week or ordinal, basic
    // or extended; the time hh, hh:mm, hh:mm:ss or hhmm, hhmmss, with a fraction and a zone
    private static final Pattern ISO_DATETIME_PATTERN = Pattern.compile(
            "(?<y>\\d{4})(?:-(?<m>\\d{2})(?:-(?<d>\\d{2}))?|(?<bm>\\d{2})(?<bd>\\d{2})|-?W(?<w>\\d{2})(?:-?[1-7])?|-?(?<o>\\d{3}))?T"
                    + "(?<h>\\d{2})(?::(?<mi>\\d{2})(?::(?<s>\\d{2}))?|(?<bmi>\\d{2})(?<bs>\\d{2})?)?(?:[.,]\\d+)?"
                    + "(?:Z|[+-]\\d{2}(?::?\\d{2})?)?");

    /** Whether agate's cast of this type accepts the raw cell. */
    boolean accepts(String cell) {
        String value = cell.strip();
        boolean isNull = NULLS.contains(value.toLowerCase(Locale.ROOT));
        return switch (this) {
            case INTEGER -> false; // dbt's Integer casts Python ints only, and a CSV cell is always a string
            case NUMBER -> isNull || number(value) != null;
            case DATE -> isNull || date(STRPTIME_DATE.matcher(value));
            case DATETIME -> isNull || datetime(STRPTIME_DATETIME.matcher(value));
            case ISO_DATETIME -> isNull || isoDatetime(value);
            case BOOLEAN -> isNull || bool(value);
            case TEXT -> true;
        };
    }

    /**
     * agate's Number cast: strip {@code %}, a leading minus, currency symbols and {@code ,} (en_US grouping), then
     * Python's {@code Decimal()}; NaN and infinities parse but carry no decimals (null here: they only matter for the
     * column type through {@link #decimals}).
     */
    static Parsed number(String value) {
        String d = strip(value, "%");
        if (!d.isEmpty() && d.charAt(0) == '-') {
            d = d.substring(1);
        }
        for (String symbol : CURRENCY_SYMBOLS) {
            d = strip(d, symbol);
        }
        d = d.replace(",", "");
        // then CPython's Decimal(): surrounding whitespace and every underscore go, any Unicode decimal digit counts
        String plain = asciiDigits(d.strip().replace("_", ""));
        String lower = plain.toLowerCase(Locale.ROOT);
        // a signalling sNaN parses too, but agate's multiplication by the sign then raises, so it is no number
        if (lower.matches("[+-]?(nan\\d*|inf|infinity)")) {
            return new Parsed(null);
        }
        if (!plain.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?")) {
            return null;
        }
        try {
            return new Parsed(new BigDecimal(plain));
        } catch (NumberFormatException e) {
            return new Parsed(null); // an exponent beyond an int: Python parses it, and its decimal places do not matter here
        }
    }

    private static String asciiDigits(String text) {
        StringBuilder ascii = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.getType(c) == Character.DECIMAL_DIGIT_NUMBER) {
                ascii.append((char) ('0' + Character.digit(c, 10)));
            } else {
                ascii.appendCodePoint(c);
            }
        });
        return ascii.toString();
    }

    /** A number that parsed; null for NaN and infinities. */
    record Parsed(BigDecimal value) {
    }

    /** Decimal places after normalizing (trailing zeros dropped), as agate's MaxPrecision counts them; 0 for null. */
    static int decimals(String cell) {
        String value = cell.strip();
        if (NULLS.contains(value.toLowerCase(Locale.ROOT))) {
            return 0;
        }
        Parsed parsed = number(value);
        return parsed == null || parsed.value() == null ? 0 : Math.max(0, parsed.value().stripTrailingZeros().scale());
    }

    /** Python's {@code str.strip(chars)}: every leading and trailing occurrence of the characters. */
    private static String strip(String value, String chars) {
        int start = 0;
        int end = value.length();
        while (start < end && chars.indexOf(value.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && chars.indexOf(value.charAt(end - 1)) >= 0) {
            end--;
        }
        return value.substring(start, end);
    }

    private static boolean date(Matcher m) {
        return m.matches() && validDate(m.group(1), m.group(2), m.group(3).strip());
    }

    private static boolean datetime(Matcher m) {
        return m.matches() && validDate(m.group(1), m.group(2), m.group(3).strip()) && Integer.parseInt(m.group(6)) < 60;
    }

    private static boolean isoDatetime(String value) {
        Matcher m = ISO_DATETIME_PATTERN.matcher(value);
        if (!m.matches()) {
            return false;
        }
        boolean date = m.group("w") != null ? between(m.group("w"), 1, 53) : m.group("o") != null ? between(m.group("o"), 1, 366)
                : validDate(m.group("y"), first(m.group("m"), m.group("bm"), "1"), first(m.group("d"), m.group("bd"), "1"));
        return date && between(m.group("h"), 0, 23) && between(first(m.group("mi"), m.group("bmi"), "0"), 0, 59)
                && between(first(m.group("s"), m.group("bs"), "0"), 0, 59);
    }

    private static String first(String a, String b, String otherwise) {
        return a != null ? a : b != null ? b : otherwise;
    }

    private static boolean between(String number, int low, int high) {
        int n = Integer.parseInt(number);
        return n >= low && n <= high;
    }

    private static boolean validDate(String year, String month, String day) {
        try {
            int y = Integer.parseInt(year);
            return y >= 1 && LocalDate.of(y, Integer.parseInt(month), Integer.parseInt(day)) != null;
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static boolean bool(String value) {
        // agate removes commas before its null check, so "," is a null boolean
        String d = value.replace(",", "").strip().toLowerCase(Locale.ROOT);
        return d.equals("true") || d.equals("false") || NULLS.contains(d);
    }
}
