package dev.testbed.inspect;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with aligned columns, for the build log; numbers are right-aligned. A table wider than the
 * terminal narrows its widest columns and wraps their cells onto continuation lines, between words where it can:
 * nothing is cut away, and the first column, the key a reader scans for, keeps its whole width (on a line of its own
 * when it is too long to share one).
 */
public final class TextTable {

    private static final String SEPARATOR = " | ";
    /** A narrowed column keeps at least its header's width, up to this, before it gives up more. */
    private static final int COMFORTABLE = 8;
    /** Below this a column is unreadable: a table that does not fit even so runs past the terminal. */
    private static final int NARROWEST = 3;
    private static final String STACK_INDENT = "    ";

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();
    /** Whether the first column is the key, which is never narrowed; the cells below a stacked key have none. */
    private final boolean keyed;

    public TextTable(String... header) {
        this(true, header);
    }

    private TextTable(boolean keyed, String... header) {
        this.keyed = keyed;
        this.header = List.of(header);
    }

    public TextTable row(Object... values) {
        List<String> row = new ArrayList<>();
        for (Object value : values) {
            row.add(value == null ? "" : value.toString().replace('\n', ' '));
        }
        rows.add(row);
        return this;
    }

    /**
     * The table in at most {@code maxWidth} characters a line, where its first column and the narrowest others allow.
     * Of two layouts it takes the one with fewer lines: the columns side by side, narrowed and wrapped; or each row's key
     * on a line of its own and its other cells, as a table, indented below it, which wins when a long key (seventy data
     * tests with names of sixty characters) leaves the other columns too little room.
     */
    public List<String> lines(int maxWidth) {
        int[] widths = naturalWidths();
        narrow(widths, maxWidth);
        List<String> sideBySide = sideBySide(widths).lines();
        if (header.size() < 2 || total(widths) <= maxWidth && sideBySide.size() <= rows.size() + 2) {
            return sideBySide;
        }
        List<String> stacked = stacked(maxWidth);
        boolean sideFits = total(widths) <= maxWidth;
        return sideFits && sideBySide.size() <= stacked.size() ? sideBySide : stacked;
    }

    /** Whether the table fits the width as it is, without a cell wrapped. */
    boolean fits(int maxWidth) {
        return total(naturalWidths()) <= maxWidth;
    }

    private List<String> stacked(int maxWidth) {
        TextTable rest = new TextTable(false, header.subList(1, header.size()).toArray(String[]::new));
        rows.forEach(row -> rest.rows.add(row.subList(Math.min(1, row.size()), row.size())));
        int[] restWidths = rest.naturalWidths();
        rest.narrow(restWidths, maxWidth - STACK_INDENT.length());
        Layout below = rest.sideBySide(restWidths);
        List<String> lines = new ArrayList<>();
        lines.add(header.get(0));
        below.head().forEach(line -> lines.add(STACK_INDENT + line));
        lines.add("-".repeat(Math.min(maxWidth, Math.max(naturalWidths()[0], STACK_INDENT.length() + below.rule().length()))));
        for (int i = 0; i < rows.size(); i++) {
            lines.add(cell(rows.get(i), 0));
            below.rows().get(i).forEach(line -> lines.add(STACK_INDENT + line));
        }
        return lines;
    }

    /** A table's lines in parts: the header (one line, or more where a header wraps), the rule, and each row's lines. */
    private record Layout(List<String> head, String rule, List<List<String>> rows) {

        List<String> lines() {
            List<String> lines = new ArrayList<>(head);
            lines.add(rule);
            rows.forEach(lines::addAll);
            return lines;
        }
    }

    private int[] naturalWidths() {
        int[] widths = new int[header.size()];
        for (int i = 0; i < header.size(); i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], cell(row, i).length());
            }
        }
        return widths;
    }

    private Layout sideBySide(int[] widths) {
        boolean[] numeric = new boolean[header.size()];
        java.util.Arrays.fill(numeric, !rows.isEmpty());
        for (int i = 0; i < header.size(); i++) {
            for (List<String> row : rows) {
                String cell = cell(row, i);
                numeric[i] &= cell.isEmpty() || cell.matches("-?[0-9][0-9,.]*( [KMGT]?B)?");
            }
        }
        StringBuilder rule = new StringBuilder();
        for (int width : widths) {
            rule.append(rule.isEmpty() ? "" : "-+-").append("-".repeat(width));
        }
        return new Layout(format(header, widths, new boolean[header.size()]), rule.toString(),
                rows.stream().map(row -> format(row, widths, numeric)).toList());
    }

    /**
     * Takes a character at a time from the widest column but the key until the table fits: first down to the column's
     * longest word, so that cells wrap between words; then down to its header's width (up to {@link #COMFORTABLE});
     * then down to {@link #NARROWEST}.
     */
    private void narrow(int[] widths, int maxWidth) {
        int[] words = longestWords();
        for (int pass = 0; pass < 3; pass++) {
            while (total(widths) > maxWidth) {
                int widest = -1;
                for (int i = keyed ? 1 : 0; i < widths.length; i++) {
                    int comfortable = Math.max(NARROWEST, Math.min(COMFORTABLE, header.get(i).length()));
                    int floor = switch (pass) {
                        case 0 -> Math.max(comfortable, words[i]);
                        case 1 -> comfortable;
                        default -> NARROWEST;
                    };
                    if (widths[i] > floor && (widest < 0 || widths[i] > widths[widest])) {
                        widest = i;
                    }
                }
                if (widest < 0) {
                    break;
                }
                widths[widest]--;
            }
        }
    }

    /** Each column's longest run of characters without a space, header included. */
    private int[] longestWords() {
        int[] words = new int[header.size()];
        for (int i = 0; i < header.size(); i++) {
            List<String> cells = new ArrayList<>();
            cells.add(header.get(i));
            for (List<String> row : rows) {
                cells.add(cell(row, i));
            }
            for (String cell : cells) {
                for (String word : cell.split(" ")) {
                    words[i] = Math.max(words[i], word.length());
                }
            }
        }
        return words;
    }

    private static int total(int[] widths) {
        int total = SEPARATOR.length() * Math.max(0, widths.length - 1);
        for (int width : widths) {
            total += width;
        }
        return total;
    }

    /** One row as one line, or several when a cell wraps; continuation lines leave the other cells blank. */
    private List<String> format(List<String> cells, int[] widths, boolean[] rightAligned) {
        List<List<String>> wrapped = new ArrayList<>();
        int height = 1;
        for (int i = 0; i < widths.length; i++) {
            List<String> parts = i == 0 && keyed ? List.of(cell(cells, i)) : wrap(cell(cells, i), widths[i]);
            wrapped.add(parts);
            height = Math.max(height, parts.size());
        }
        List<String> lines = new ArrayList<>();
        for (int lineNo = 0; lineNo < height; lineNo++) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                String cell = lineNo < wrapped.get(i).size() ? wrapped.get(i).get(lineNo) : "";
                String padding = " ".repeat(Math.max(0, widths[i] - cell.length()));
                line.append(i == 0 ? "" : SEPARATOR).append(rightAligned[i] ? padding + cell : cell + padding);
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    /** The text in pieces of at most {@code width}, broken after a space, else after punctuation, else anywhere. */
    static List<String> wrap(String text, int width) {
        List<String> parts = new ArrayList<>();
        String rest = text;
        while (rest.length() > width) {
            // a word that ends at the width ends the piece; else the last space; else punctuation in the piece's second half
            int cut = rest.charAt(width) == ' ' ? width : breakAfter(rest, width, " ", 0);
            cut = cut > 0 ? cut : breakAfter(rest, width, ",;./_-", width / 2);
            cut = cut > 0 ? cut : width;
            parts.add(rest.substring(0, cut).stripTrailing());
            rest = rest.substring(cut).stripLeading();
        }
        parts.add(rest);
        return parts;
    }

    /** The length of the longest start of the text, within the width and over {@code lowest}, that ends in one of the characters; 0 if none. */
    private static int breakAfter(String text, int width, String characters, int lowest) {
        for (int i = width; i > lowest; i--) {
            if (characters.indexOf(text.charAt(i - 1)) >= 0) {
                return i;
            }
        }
        return 0;
    }

    private static String cell(List<String> row, int column) {
        return column < row.size() ? row.get(column) : "";
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
