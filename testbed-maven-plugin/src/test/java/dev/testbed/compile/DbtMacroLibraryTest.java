package dev.testbed.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.TestData;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dbt's own macro library, the built-in {@code dbt} package: each macro rendered through the engine (as {@code dbt.name}
 * and by its bare name), the SQL run on DuckDB, and the value compared with one worked out here in Java.
 */
class DbtMacroLibraryTest {

    private static final List<String[]> SPANS = List.of(
            new String[] {"2024-01-06T23:59:00", "2024-01-08T00:01:30"},
            new String[] {"2023-12-31T12:00:00", "2024-03-31T12:00:00"},
            new String[] {"2024-05-15T08:30:00", "2025-05-14T08:29:59"},
            new String[] {"2024-02-28T00:00:00", "2024-02-28T00:00:00"},
            new String[] {"2024-01-31T10:15:00", "2024-02-01T09:00:00"});

    @TempDir
    Path root;

    @Test
    void datediffCountsThePartBoundariesBetweenTwoTimestamps() throws SQLException {
        for (String[] span : SPANS) {
            LocalDateTime a = LocalDateTime.parse(span[0]);
            LocalDateTime b = LocalDateTime.parse(span[1]);
            Map<String, Long> expected = new LinkedHashMap<>();
            expected.put("day", ChronoUnit.DAYS.between(a.toLocalDate(), b.toLocalDate()));
            // weeks start on Sunday for DuckDB's dow: the Sundays passed from a to b
            expected.put("week", ChronoUnit.DAYS.between(sundayOnOrBefore(a), sundayOnOrBefore(b)) / 7);
            expected.put("month", (long) (b.getYear() * 12 + b.getMonthValue()) - (a.getYear() * 12 + a.getMonthValue()));
            expected.put("quarter", (long) (b.getYear() * 4 + b.get(IsoFields.QUARTER_OF_YEAR)) - (a.getYear() * 4 + a.get(IsoFields.QUARTER_OF_YEAR)));
            expected.put("year", (long) b.getYear() - a.getYear());
            expected.put("hour", ChronoUnit.HOURS.between(a.truncatedTo(ChronoUnit.HOURS), b.truncatedTo(ChronoUnit.HOURS)));
            expected.put("minute", ChronoUnit.MINUTES.between(a.truncatedTo(ChronoUnit.MINUTES), b.truncatedTo(ChronoUnit.MINUTES)));
            expected.put("second", ChronoUnit.SECONDS.between(a, b));
            for (Map.Entry<String, Long> part : expected.entrySet()) {
                String args = "\"timestamp '" + span[0].replace('T', ' ') + "'\", \"timestamp '" + span[1].replace('T', ' ') + "'\", '" + part.getKey() + "'";
                assertEquals(part.getValue(), number(value("{{ dbt.datediff(" + args + ") }}")), part.getKey() + " " + Arrays.toString(span));
                assertEquals(part.getValue(), number(value("{{ datediff(" + args + ") }}")), "bare, " + part.getKey() + " " + Arrays.toString(span));
            }
        }
    }

    @Test
    void dateaddAddsAnyNumberOfParts() throws SQLException {
        LocalDateTime start = LocalDateTime.parse("2024-01-31T22:45:00");
        String from = "\"timestamp '2024-01-31 22:45:00'\"";
        Map<String, LocalDateTime> expected = new LinkedHashMap<>();
        expected.put("{{ dbt.dateadd('day', 3, " + from + ") }}", start.plusDays(3));
        expected.put("{{ dateadd('week', -2, " + from + ") }}", start.plusWeeks(-2));
        expected.put("{{ dbt.dateadd('month', 1, " + from + ") }}", start.plusMonths(1));
        expected.put("{{ dbt.dateadd('quarter', 1, " + from + ") }}", start.plusMonths(3));
        expected.put("{{ dbt.dateadd('year', -1, " + from + ") }}", start.plusYears(-1));
        expected.put("{{ dbt.dateadd('hour', 36, " + from + ") }}", start.plusHours(36));
        expected.put("{{ dbt.dateadd('MINUTE', 90, " + from + ") }}", start.plusMinutes(90));
        expected.put("{{ dbt.dateadd('month', '2 + 3', " + from + ") }}", start.plusMonths(5));
        for (Map.Entry<String, LocalDateTime> e : expected.entrySet()) {
            assertEquals(e.getValue(), ((Timestamp) value(e.getKey())).toLocalDateTime(), e.getKey());
        }
    }

    @Test
    void dateTruncLastDayAndDateGiveCalendarDates() throws SQLException {
        LocalDate day = LocalDate.parse("2024-08-15");
        String date = "\"date '2024-08-15'\"";
        assertEquals(day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), localDate(value("{{ dbt.date_trunc('week', " + date + ") }}")));
        assertEquals(day.withDayOfMonth(1), localDate(value("{{ date_trunc('month', " + date + ") }}")));
        assertEquals(LocalDate.of(2024, 7, 1), localDate(value("{{ dbt.date_trunc('quarter', " + date + ") }}")));
        assertEquals(LocalDate.of(2024, 1, 1), localDate(value("{{ dbt.date_trunc('year', " + date + ") }}")));
        assertEquals(YearMonth.from(day).atEndOfMonth(), localDate(value("{{ dbt.last_day(" + date + ", 'month') }}")));
        assertEquals(LocalDate.of(2024, 9, 30), localDate(value("{{ last_day(" + date + ", 'quarter') }}")));
        assertEquals(LocalDate.of(2024, 9, 30), localDate(value("{{ dbt.default__last_day(" + date + ", 'quarter') }}")));
        assertEquals(LocalDate.of(2024, 12, 31), localDate(value("{{ dbt.last_day(" + date + ", 'year') }}")));
        assertEquals(LocalDate.of(2024, 2, 29), localDate(value("{{ dbt.last_day(\"date '2024-02-10'\", 'month') }}")));
        assertEquals(LocalDate.of(2024, 2, 29), localDate(value("{{ dbt.date(2024, 2, 29) }}")));
        assertEquals(LocalDate.of(2023, 12, 31), localDate(value("{{ date(2023, 12, 31) }}")));
    }

    @Test
    void typeMacrosNameDbtDuckdbsTypes() throws SQLException {
        String sql = compile("select cast(1 as {{ dbt.type_string() }}) as s, cast(date '2024-01-01' as {{ type_timestamp() }}) as ts, "
                + "cast(1.5 as {{ dbt.type_float() }}) as f, cast(1.5 as {{ dbt.type_numeric() }}) as n, cast(1 as {{ dbt.type_bigint() }}) as b, "
                + "cast(1.4 as {{ type_int() }}) as i, cast(1 as {{ dbt.type_boolean() }}) as t");
        try (Connection duckdb = TestData.duckdb(); Statement statement = duckdb.createStatement(); ResultSet rs = statement.executeQuery(
                "select typeof(s), typeof(ts), typeof(f), typeof(n), typeof(b), typeof(i), typeof(t), i from (" + sql + ")")) {
            rs.next();
            List<String> types = IntStream.rangeClosed(1, 7).mapToObj(i -> text(rs, i)).toList();
            assertEquals(List.of("VARCHAR", "TIMESTAMP", "FLOAT", "DECIMAL(28,6)", "BIGINT", "INTEGER", "BOOLEAN"), types);
            assertEquals(1, rs.getInt(8));
        }
    }

    @Test
    void stringMacros() throws SQLException {
        String customer = "o'neil";
        String path = "p/q/r/s";
        String c = "\"'o''neil'\"";
        String p = "\"'p/q/r/s'\"";
        assertEquals(customer + "-" + path, value("{{ dbt.concat([" + c + ", \"'-'\", " + p + "]) }}"));
        assertEquals(null, value("{{ concat([" + c + ", 'null']) }}"));
        assertEquals(md5(customer), value("{{ dbt.hash(" + c + ") }}"));
        assertEquals(md5("42"), value("{{ hash('42') }}"));
        String[] parts = path.split("/");
        assertEquals(parts[1], value("{{ dbt.split_part(" + p + ", \"'/'\", 2) }}"));
        assertEquals(parts[0], value("{{ split_part(" + p + ", \"'/'\", 1) }}"));
        assertEquals(parts[parts.length - 1], value("{{ dbt.split_part(" + p + ", \"'/'\", -1) }}"));
        assertEquals("it's", value("'{{ dbt.escape_single_quotes(\"it's\") }}'"));
        assertEquals("can't", value("{{ string_literal(escape_single_quotes(\"can't\")) }}"));
        assertEquals("plain", value("{{ dbt.string_literal('plain') }}"));
        assertEquals(customer.substring(customer.length() - 3), value("{{ dbt.right(" + c + ", 3) }}"));
        assertEquals((long) path.length(), number(value("{{ dbt.length(" + p + ") }}")));
        assertEquals((long) customer.indexOf('n') + 1, number(value("{{ position(\"'n'\", " + c + ") }}")));
        assertEquals(0L, number(value("{{ dbt.position(\"'z'\", " + c + ") }}")));
        assertEquals(path.replace("/", "."), value("{{ dbt.replace(" + p + ", \"'/'\", \"'.'\") }}"));
        assertEquals("true", value("{{ dbt.cast_bool_to_text('1 < 2') }}"));
        assertEquals("false", value("{{ cast_bool_to_text('1 > 2') }}"));
        assertEquals(null, value("{{ cast_bool_to_text('null::boolean') }}"));
        assertEquals(42, value("{{ dbt.safe_cast(\"'42'\", dbt.type_int()) }}"));
        assertEquals(2.5, value("{{ dbt.cast(\"'2.5'\", 'double') }}"));
        assertEquals(true, value("{{ dbt.equals(\"'a'\", \"'a'\") }}"));
    }

    @Test
    void aggregateMacrosOverRows() throws SQLException {
        String sql = compile("""
                select customer,
                  {{ dbt.listagg('path', "', '", 'order by id') }} as paths,
                  {{ listagg('cast(id as varchar)', order_by_clause='order by id desc') }} as ids_desc,
                  {{ dbt.listagg('path', "'|'", 'order by id', 2) }} as first_two,
                  {{ dbt.any_value('upper(customer)') }} as shout,
                  {{ dbt.bool_or('flag') }} as any_flag,
                  {{ bool_or('id > 3') }} as any_big
                from (values (1, 'ann', 'a', false), (2, 'ann', 'b', true), (3, 'ann', 'c', false), (4, 'bob', 'd', false)) as t(id, customer, path, flag)
                group by customer order by customer
                """);
        Map<String, List<Object[]>> rows = new LinkedHashMap<>();
        rows.put("ann", List.<Object[]>of(new Object[] {1, "a", false}, new Object[] {2, "b", true}, new Object[] {3, "c", false}));
        rows.put("bob", List.<Object[]>of(new Object[] {4, "d", false}));
        List<List<Object>> expected = new ArrayList<>();
        rows.forEach((customer, list) -> expected.add(List.of(customer,
                list.stream().map(r -> (String) r[1]).collect(Collectors.joining(", ")),
                list.stream().map(r -> String.valueOf(r[0])).sorted((x, y) -> y.compareTo(x)).collect(Collectors.joining(",")),
                list.stream().limit(2).map(r -> (String) r[1]).collect(Collectors.joining("|")),
                customer.toUpperCase(),
                list.stream().anyMatch(r -> (Boolean) r[2]),
                list.stream().anyMatch(r -> (Integer) r[0] > 3))));
        assertEquals(expected, rows(sql));
    }

    @Test
    void arrayMacros() throws SQLException {
        assertEquals(List.of(7, 70), list(value("{{ dbt.array_construct(['7', '7 * 10']) }}")));
        assertEquals(List.of(), list(value("{{ array_construct() }}")));
        assertEquals(List.of(1, 2, 3), list(value("{{ dbt.array_append(dbt.array_construct(['1', '2']), '3') }}")));
        assertEquals(List.of("a", "b"), list(value("{{ array_append(array_construct([\"'a'\"]), \"'b'\") }}")));
        assertEquals(List.of(5, 1, 2), list(value("{{ dbt.array_concat(dbt.array_construct(['5']), array_construct(['1', '2'])) }}")));
        String typed = compile("select {{ dbt.array_construct([], 'varchar') }} as v");
        try (Connection duckdb = TestData.duckdb(); Statement statement = duckdb.createStatement();
             ResultSet rs = statement.executeQuery("select typeof(v) from (" + typed + ")")) {
            rs.next();
            assertEquals("VARCHAR[]", rs.getString(1));
        }
    }

    @Test
    void exceptAndIntersectJoinTwoQueries() throws SQLException {
        TreeSet<Integer> left = new TreeSet<>(List.of(1, 2, 3, 4));
        TreeSet<Integer> right = new TreeSet<>(List.of(3, 4, 5));
        TreeSet<Integer> difference = new TreeSet<>(left);
        difference.removeAll(right);
        TreeSet<Integer> common = new TreeSet<>(left);
        common.retainAll(right);
        String l = "select * from (values (1), (2), (3), (4)) as l(x)";
        String r = "select * from (values (3), (4), (5)) as r(x)";
        assertEquals(List.copyOf(difference), column(rows(compile("select * from (" + l + " {{ dbt.except() }} " + r + ") order by 1"))));
        assertEquals(List.copyOf(common), column(rows(compile("select * from (" + l + " {{ intersect() }} " + r + ") order by 1"))));
    }

    @Test
    void currentTimestampMacros() throws SQLException {
        String sql = compile("select typeof({{ dbt.current_timestamp() }}) as t, {{ current_timestamp() }} as now, "
                + "typeof({{ dbt.current_timestamp_backcompat() }}) as b, typeof({{ dbt.current_timestamp_in_utc_backcompat() }}) as u");
        List<Object> row = rows(sql).get(0);
        assertEquals("TIMESTAMP WITH TIME ZONE", row.get(0));
        OffsetDateTime now = (OffsetDateTime) row.get(1);
        assertTrue(Duration.between(now.toInstant(), java.time.Instant.now()).abs().toMinutes() < 5, now.toString());
        assertEquals("TIMESTAMP", row.get(2));
        assertEquals("TIMESTAMP", row.get(3));
    }

    @Test
    void generateSeriesBothWaysAndThePowersOfTwo() throws SQLException {
        for (int n : List.of(1, 2, 11, 16, 17)) {
            List<Object> expected = IntStream.rangeClosed(1, n).mapToObj(i -> (Object) (long) i).toList();
            assertEquals(expected, column(rows(compile("select generated_number from ({{ dbt.generate_series(" + n + ") }}) order by 1"))).stream()
                    .map(v -> (Object) number(v)).toList());
            assertEquals(expected, column(rows(compile("select generated_number from ({{ dbt.default__generate_series(" + n + ") }}) order by 1"))).stream()
                    .map(v -> (Object) number(v)).toList());
            // the digits of n - 1 in binary, at least one
            int digits = Math.max(1, 32 - Integer.numberOfLeadingZeros(n - 1));
            assertEquals(String.valueOf(digits), compile("{{ dbt.get_powers_of_two(" + n + ") }}").strip());
        }
    }

    @Test
    void aProjectsGenerateSchemaNameEndsInDbtsSchemaMacros() {
        TestProject p = new TestProject(root)
                .macro("macros/generate_schema_name.sql", """
                        {% macro generate_schema_name(custom_schema_name, node) -%}
                          {%- if custom_schema_name == 'per_env' -%}{{ generate_schema_name_for_env(custom_schema_name, node) }}
                          {%- else -%}{{ dbt.default__generate_schema_name(custom_schema_name, node) }}{%- endif -%}
                        {%- endmacro %}
                        """)
                .model("models/plain.sql", "select 1")
                .model("models/marts.sql", "{{ config(schema=' marts ') }}select 1")
                .model("models/by_env.sql", "{{ config(schema='per_env') }}select 1");
        ModelCompiler dev = p.compiler();
        // dbt's default: the target's schema, then _ and the trimmed custom schema; _for_env: the target's schema outside prod
        assertEquals("main", dev.schemaFor(dev.parse(p.file("plain"))));
        assertEquals("main_marts", dev.schemaFor(dev.parse(p.file("marts"))));
        assertEquals("main", dev.schemaFor(dev.parse(p.file("by_env"))));
        ModelCompiler prod = new ModelCompiler(p.project(), new Target("prod", "analytics", "lake"), Map.of(), Map.of());
        assertEquals("per_env", prod.schemaFor(prod.parse(p.file("by_env"))));
        assertEquals("analytics_marts", prod.schemaFor(prod.parse(p.file("marts"))));
    }

    // ---- helpers

    private String compile(String sql) {
        TestProject project = new TestProject(root).model("models/m.sql", sql);
        return TestProject.compile(project.compiler(), "m", false);
    }

    /** The single value a one-expression model gives on DuckDB. */
    private Object value(String expression) throws SQLException {
        return rows(compile("select " + expression + " as v")).get(0).get(0);
    }

    private static List<List<Object>> rows(String sql) throws SQLException {
        try (Connection duckdb = TestData.duckdb(); Statement statement = duckdb.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    row.add(v instanceof Array array ? Arrays.asList((Object[]) array.getArray()) : v);
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private static List<Object> column(List<List<Object>> rows) {
        return rows.stream().map(r -> r.get(0)).toList();
    }

    private static long number(Object value) {
        return value instanceof BigDecimal d ? d.longValueExact() : ((Number) value).longValue();
    }

    private static List<?> list(Object value) {
        return (List<?>) value;
    }

    private static LocalDate localDate(Object value) {
        if (value instanceof Timestamp t) {
            return t.toLocalDateTime().toLocalDate();
        }
        return value instanceof LocalDate d ? d : ((java.sql.Date) value).toLocalDate();
    }

    private static String text(ResultSet rs, int column) {
        try {
            return rs.getString(column);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LocalDate sundayOnOrBefore(LocalDateTime t) {
        return t.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY));
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
