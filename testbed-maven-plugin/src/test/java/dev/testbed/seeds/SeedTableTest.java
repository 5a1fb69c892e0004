package dev.testbed.seeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.testbed.core.TestbedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The types dbt's agate inference gives, derived case by case from dbt_common's build_type_tester and agate's casts: Number
 * strips {@code %}, currency symbols and {@code ,} then parses as Python's Decimal (NaN and {@code 1_000} included), and
 * counts decimal places after dropping trailing zeros; Date and DateTime are the strptime formats {@code %Y-%m-%d} and
 * {@code %Y-%m-%d %H:%M:%S}; an ISO datetime needs its {@code T}. The lake-level tests are in {@code SeedConfigTest}.
 */
class SeedTableTest {

    @TempDir
    Path dir;

    @Test
    void agateCastsDecideTheTypes() throws Exception {
        Map<String, String> types = types(",", """
                money,pct,grouped,nan,plus,dot,short_date,slash_date,no_seconds,with_zone,hour_only,yes,spaced
                $1.00,5%,"1,000",NaN,+5,.5,2024-1-2,01/02/2024,2024-01-02 03:04,2024-01-02T03:04:05+02:00,12:30:00,yes, 7
                \u20ac2,10%,2,3,6,1.,2024-12-31,01/03/2024,2024-01-02 03:05,2024-01-02T03:04Z,01:00:00,no,8\s
                """);

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("money", "integer");      // $1.00 is 1 once normalized, as agate's MaxPrecision sees it
        expected.put("pct", "integer");
        expected.put("grouped", "integer");
        expected.put("nan", "integer");        // NaN passes Decimal() and is skipped by MaxPrecision
        expected.put("plus", "integer");
        expected.put("dot", "float8");
        expected.put("short_date", "date");    // strptime's %m and %d take one digit
        expected.put("slash_date", "text");
        expected.put("no_seconds", "text");    // neither %H:%M:%S nor ISO (no T)
        expected.put("with_zone", "timestamp without time zone");
        expected.put("hour_only", "text");     // agate's TimeDelta is not among dbt's types
        expected.put("yes", "text");           // only true/false are booleans
        expected.put("spaced", "integer");     // cells are stripped before the cast
        assertEquals(expected, types);
    }

    @Test
    void isoDatetimesAreThoseIsodateParses() throws Exception {
        // isodate.parse_datetime's verdicts on each value (dbt's ISODateTime), one column each
        List<String> parsed = List.of("2024-01-02T03", "20240102T030405", "2024-01T03:04", "2024-W01-1T00:00", "2024-01-02T03:04:05.123+0530",
                "2024T03:04", "2024-002T03:04", "2024-01-02T03:04:05,5Z", "2024-01-02T03:04:05-05", "2024-01-02T0304");
        List<String> refused = List.of("2024-01-02t03:04:05", "2024-01-02T24:00:00", "+002024-01-02T03:04", "2024-13-02T03:04", "2024-01-02T03:0405");
        for (String value : parsed) {
            assertEquals("timestamp without time zone", types(",", "v\n" + value + "\n").get("v"), value);
        }
        for (String value : refused) {
            assertEquals("text", types(",", "v\n" + value + "\n").get("v"), value);
        }
        assertEquals("timestamp without time zone", types(",", "v\n2024-01-02  03:04:05\n").get("v"), "strptime's space matches any whitespace");
    }

    @Test
    void pythonDecimalAndAgateQuirks() throws Exception {
        // CPython's Decimal() drops every underscore and reads any Unicode digit; a signalling sNaN parses but agate's
        // multiplication by the sign raises; agate's Boolean removes commas before its null check, so "," is a null boolean
        assertEquals(Map.of("under", "integer", "arabic", "float8", "snan", "text", "comma", "boolean"),
                types(",", "under,arabic,snan,comma\n1__0,\u0661\u0662.\u0665,sNaN,\",\"\n"));
    }

    @Test
    void invalidCalendarValuesAndUnderscoredNumbers() throws Exception {
        assertEquals(Map.of("a", "integer", "b", "text", "c", "text", "d", "integer"),
                types(",", "a,b,c,d\n1,2024-02-30,2024-01-02T25:00:00,1_000\n"));
    }

    @Test
    void quotedFieldsKeepDelimitersQuotesAndLineBreaks() throws Exception {
        Path file = write("a;b\n\"x;y\";\"he said \"\"hi\"\"\"\n\"multi\nline\";2\n");
        SeedCsv csv = SeedCsv.read(file, "seeds/t.csv", ';');

        assertEquals(List.of("a", "b"), csv.header());
        assertEquals(List.of(List.of("x;y", "he said \"hi\""), List.of("multi\nline", "2")), csv.rows());
    }

    @Test
    void emptyAndRepeatedHeaderNamesAreRenamedAsAgateDoesWithAWarning() throws Exception {
        List<String> warnings = new ArrayList<>();
        SeedTable table = SeedTable.of(write("id,,id,id, \n1,2,3,4,5\n"), "seeds/t.csv", ",", Map.of(), true, warnings::add);

        // agate's deduplicate: an empty name is the column's letter, a repeat gets _2, _3; a blank (" ") is a name
        assertEquals(List.of("id", "b", "id_2", "id_3", " "), table.columns().stream().map(SeedTable.SeedColumn::name).toList());
        assertEquals(3, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("seeds/t.csv: column 2 of the header has no name"), warnings.toString());
    }

    @Test
    void aDelimiterOfMoreThanOneCharacterFailsNamingTheFile() throws Exception {
        Path file = write("a\n1\n");
        TestbedException e = assertThrows(TestbedException.class, () -> SeedTable.of(file, "seeds/t.csv", "||", Map.of(), true, w -> { }));
        assertTrue(e.getMessage().contains("seeds/t.csv"), e.getMessage());
    }

    private Map<String, String> types(String delimiter, String csv) throws Exception {
        Map<String, String> types = new LinkedHashMap<>();
        SeedTable.of(write(csv), "seeds/t.csv", delimiter, Map.of(), true, w -> { }).columns().forEach(c -> types.put(c.name(), c.type()));
        return types;
    }

    private Path write(String csv) throws Exception {
        Path file = dir.resolve("t.csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        return file;
    }
}
