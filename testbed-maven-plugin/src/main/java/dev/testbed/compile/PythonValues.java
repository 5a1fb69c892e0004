package dev.testbed.compile;

import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;

/** Database values as dbt's macros get them from agate: Python's types. */
final class PythonValues {

    private PythonValues() {
    }

    /** A JDBC value as a template sees it: whole numbers as longs, dates and timestamps as Python's date and datetime. */
    static Object of(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big && big.bitLength() < 64) {
            return big.longValue();
        }
        if (value instanceof java.sql.Date date) {
            return new PythonDatetime.Date(date.toLocalDate());
        }
        if (value instanceof LocalDate date) {
            return new PythonDatetime.Date(date);
        }
        if (value instanceof Timestamp timestamp) {
            return new PythonDatetime.DateTime(timestamp.toLocalDateTime(), null);
        }
        if (value instanceof LocalDateTime dateTime) {
            return new PythonDatetime.DateTime(dateTime, null);
        }
        if (value instanceof OffsetDateTime dateTime) {
            return new PythonDatetime.DateTime(dateTime.toLocalDateTime(), dateTime.getOffset());
        }
        return value;
    }
}
