package dev.testbed.inspect;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with aligned columns, for the build log; numbers are right-aligned. */
final class TextTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(String... header) {
        this.header = List.of(header);
    }

    TextTable row(Object... values) {
        List<String> row = new ArrayList<>();
        for (Object value : values) {
            row.add(value == null ? "" : value.toString().replace('\n', ' '));
        }
        rows.add(row);
        return this;
    }

    List<String> lines() {
        int[] widths = new int[header.size()];
        boolean[] numeric = new boolean[header.size()];
        java.util.Arrays.fill(numeric, !rows.isEmpty());
        for (int i = 0; i < header.size(); i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                String cell = i < row.size() ? row.get(i) : "";
                widths[i] = Math.max(widths[i], cell.length());
                numeric[i] &= cell.isEmpty() || cell.matches("-?[0-9][0-9,.]*( [KMGT]?B)?");
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(format(header, widths, new boolean[header.size()]));
        StringBuilder rule = new StringBuilder();
        for (int width : widths) {
            rule.append(rule.isEmpty() ? "" : "-+-").append("-".repeat(width));
        }
        lines.add(rule.toString());
        rows.forEach(row -> lines.add(format(row, widths, numeric)));
        return lines;
    }

    private static String format(List<String> cells, int[] widths, boolean[] rightAligned) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            String cell = i < cells.size() ? cells.get(i) : "";
            String padding = " ".repeat(widths[i] - cell.length());
            line.append(i == 0 ? "" : " | ").append(rightAligned[i] ? padding + cell : cell + (i == widths.length - 1 ? "" : padding));
        }
        return line.toString();
    }

    /** 1536 → {@code 1.5 KB}. */
    static String bytes(long bytes) {
        if (bytes < 0) {
            return "";
        }
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
