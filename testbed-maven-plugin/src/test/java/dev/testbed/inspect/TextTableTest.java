package dev.testbed.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a table too wide for the terminal is narrowed: wrapped, never cut, the first column whole. */
class TextTableTest {

    private static final String KEY = "relationships_stg_sales_customer_id__customer_id__ref_stg_customers_";
    private static final String REASON = "NO: main.stg_sales (through raw.raw_sales) changed in snapshot 12, after the build in snapshot 8";
    private static final String PATH = "/home/someone/projects/warehouse/testbed-project/target/testbed-data/raw_sales";

    @Test
    void aTableThatFitsIsOneLineARow() {
        List<String> lines = new TextTable("name", "rows").row("raw_sales", "5,000").lines(80);
        assertEquals(List.of("name      | rows", "----------+------", "raw_sales | 5,000"), lines);
    }

    @Test
    void aWideTableWrapsItsWidestCellsWithinTheWidthAndLosesNoText() {
        TextTable table = new TextTable("table", "file", "rows", "up to date").row("raw_sales", PATH, "12", REASON).row("raw_stores", "", "1", "yes");
        int width = 100;

        List<String> lines = table.lines(width);

        lines.forEach(line -> assertTrue(line.length() <= width, line.length() + ": " + line));
        assertTrue(lines.get(0).startsWith("table ") && lines.get(1).startsWith("---"), "the header is one line: " + lines);
        assertTrue(lines.get(2).startsWith("raw_sales  | /home/"), lines.get(2));
        List<List<String>> firstRow = columns(lines.subList(2, lines.size() - 1));
        assertEquals(PATH, String.join("", firstRow.get(1)), "the path, broken at its slashes");
        assertEquals(REASON, String.join(" ", firstRow.get(3)), "the reason, broken between words");
        assertTrue(firstRow.get(3).size() > 1, "the reason wrapped: " + lines);
        assertTrue(lines.get(lines.size() - 1).startsWith("raw_stores "), "the next row starts after the wrapped one: " + lines);
    }

    @Test
    void aKeyTooLongToLeaveRoomGetsALineOfItsOwnWithTheOtherCellsIndentedBelow() {
        TextTable table = new TextTable("data test", "test type", "up to date").row(KEY, "relationships", REASON).row("not_null_id", "not_null", "yes");
        int width = 90;

        List<String> lines = table.lines(width);

        lines.forEach(line -> assertTrue(line.length() <= width, line.length() + ": " + line));
        assertEquals("data test", lines.get(0));
        assertTrue(lines.get(1).matches("    test type +\\| up to date"), lines.get(1));
        int key = lines.indexOf(KEY);
        assertTrue(key > 0, "the key whole, on its own line: " + lines);
        assertTrue(lines.get(key + 1).startsWith("    relationships | NO: main.stg_sales"), lines.get(key + 1));
        List<List<String>> cells = columns(lines.subList(key + 1, lines.indexOf("not_null_id")).stream().map(l -> l.substring(4)).toList());
        assertEquals(REASON, String.join(" ", cells.get(1)));
        assertTrue(lines.get(lines.size() - 1).matches("    not_null +\\| yes"), lines.toString());
    }

    @Test
    void aFewShortColumnsStaySideBySideThoughTheKeyIsLong() {
        List<String> lines = new TextTable("data test", "status").row(KEY, "pass").lines(90);
        assertEquals(KEY + " | pass", lines.get(2));
    }

    @Test
    void wrappingBreaksAfterSpacesAndPunctuationWhereItCan() {
        assertEquals(List.of("changed in", "snapshot 12"), TextTable.wrap("changed in snapshot 12", 11));
        assertEquals(List.of("main.stg_", "customers"), TextTable.wrap("main.stg_customers", 10));
        assertEquals(List.of("abcdefgh", "ij"), TextTable.wrap("abcdefghij", 8));
    }

    /** Each column's pieces, line by line, of a row's lines. */
    private static List<List<String>> columns(List<String> rowLines) {
        List<List<String>> columns = new ArrayList<>();
        for (String line : rowLines) {
            String[] cells = line.split(" \\| ", -1);
            for (int i = 0; i < cells.length; i++) {
                if (columns.size() <= i) {
                    columns.add(new ArrayList<>());
                }
                if (!cells[i].isBlank()) {
                    columns.get(i).add(cells[i].strip());
                }
            }
        }
        return columns;
    }
}
