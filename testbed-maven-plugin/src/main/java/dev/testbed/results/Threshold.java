package dev.testbed.results;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** dbt's {@code warn_if} / {@code error_if}: a comparison of the failing-row count with a number, e.g. {@code ">10"}, {@code "!=0"}. */
public record Threshold(String operator, long value) {

    private static final Pattern FORM = Pattern.compile("\\s*(!=|<>|>=|<=|==|=|>|<)\\s*(\\d+)\\s*");

    /** dbt's default for both: any failing row. */
    public static final Threshold ANY = new Threshold("!=", 0);

    /** @throws IllegalArgumentException for anything but an operator and a whole number */
    public static Threshold parse(Object text) {
        if (text == null) {
            return ANY;
        }
        Matcher m = FORM.matcher(String.valueOf(text));
        if (!m.matches()) {
            throw new IllegalArgumentException("a threshold must be an operator and a number, e.g. \">10\" or \"!=0\", got \"" + text + "\"");
        }
        String operator = switch (m.group(1)) {
            case "<>" -> "!=";
            case "==" -> "=";
            default -> m.group(1);
        };
        return new Threshold(operator, Long.parseLong(m.group(2)));
    }

    public boolean matches(long failures) {
        return switch (operator) {
            case "!=" -> failures != value;
            case "=" -> failures == value;
            case ">" -> failures > value;
            case "<" -> failures < value;
            case ">=" -> failures >= value;
            default -> failures <= value;
        };
    }

    @Override
    public String toString() {
        return operator + " " + value;
    }
}
