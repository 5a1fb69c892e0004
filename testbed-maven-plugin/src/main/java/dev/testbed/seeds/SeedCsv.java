package dev.testbed.seeds;

import dev.testbed.core.FileErrors;
import dev.testbed.core.TestbedException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A seed's CSV file as dbt reads it for type inference: Python's {@code csv} module with its default dialect (fields
 * quoted with {@code "}, a doubled quote inside quotes is one quote, line breaks inside quotes belong to the field), a
 * leading byte-order mark dropped, the first row the header. Cells are the raw strings: nothing is trimmed or nulled here.
 *
 * @param header the column names, as written
 * @param rows   the data rows; a blank line is an empty row, as Python's reader yields it
 */
public record SeedCsv(List<String> header, List<List<String>> rows) {

    public static SeedCsv read(Path file, String shownAs, char delimiter) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new TestbedException(shownAs + " is not valid UTF-8 text.", "Save the seed as UTF-8, as dbt reads it.", e);
        } catch (IOException e) {
            throw new TestbedException("Cannot read the seed " + shownAs + ": " + FileErrors.describe(e), "Check that the file is readable.", e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<List<String>> records = parse(text, delimiter);
        if (records.isEmpty() || records.get(0).isEmpty()) {
            throw new TestbedException("The seed " + shownAs + " has no header row.",
                    "Write the column names, separated by '" + delimiter + "', on the file's first line.");
        }
        return new SeedCsv(List.copyOf(records.get(0)), List.copyOf(records.subList(1, records.size())));
    }

    /** Comma-separated text given inline (a unit test's csv rows): the first record is the header. */
    public static SeedCsv parse(String text) {
        List<List<String>> records = parse(text.startsWith("\uFEFF") ? text.substring(1) : text, ',');
        if (records.isEmpty()) {
            return new SeedCsv(List.of(), List.of());
        }
        return new SeedCsv(List.copyOf(records.get(0)), List.copyOf(records.subList(1, records.size())));
    }

    static List<List<String>> parse(String text, char delimiter) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStarted = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
                i++;
                continue;
            }
            if (c == '"' && field.isEmpty()) {
                quoted = true;
                fieldStarted = true;
            } else if (c == delimiter) {
                record.add(field.toString());
                field.setLength(0);
                fieldStarted = true;
            } else if (c == '\r' || c == '\n') {
                if (fieldStarted || !field.isEmpty() || !record.isEmpty()) {
                    record.add(field.toString());
                }
                records.add(List.copyOf(record));
                record.clear();
                field.setLength(0);
                fieldStarted = false;
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
            } else {
                field.append(c);
                fieldStarted = true;
            }
            i++;
        }
        if (fieldStarted || !field.isEmpty() || !record.isEmpty()) {
            record.add(field.toString());
            records.add(List.copyOf(record));
        }
        return records;
    }
}
