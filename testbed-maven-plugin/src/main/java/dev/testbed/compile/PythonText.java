package dev.testbed.compile;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How Python prints YAML values with {@code str()} and {@code repr()}. dbt builds test names and the hash in test ids
 * from these texts, so they must match Python's character for character: {@code True}, {@code None},
 * {@code ['a', 'b']}, {@code "it's"}. Templates' error messages quote values with it too.
 */
public final class PythonText {

    private PythonText() {
    }

    /** Python's {@code str(value)} of a YAML value (a string stays as it is; containers print their items' repr). */
    public static String str(Object value) {
        return value instanceof String text ? text : repr(value);
    }

    /** Python's {@code repr(value)} of a YAML value: strings quoted, lists in brackets, mappings in braces. */
    public static String repr(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof String text) {
            return quoted(text);
        }
        if (value instanceof Boolean flag) {
            return flag ? "True" : "False";
        }
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            return floatText(((Number) value).doubleValue());
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> repr(e.getKey()) + ": " + repr(e.getValue())).collect(Collectors.joining(", ", "{", "}"));
        }
        if (value instanceof Collection<?> items) {
            return items.stream().map(PythonText::repr).collect(Collectors.joining(", ", "[", "]"));
        }
        return String.valueOf(value);
    }

    /** Python quotes with ' unless the text holds a ' and no ", and escapes backslashes, the quote and control characters. */
    private static String quoted(String text) {
        char quote = text.indexOf('\'') >= 0 && text.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder(text.length() + 2).append(quote);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c == quote) {
                        out.append('\\').append(c);
                    } else if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
                        out.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append(quote).toString();
    }

    /** Python's shortest round-trip float text: {@code 1.5}, {@code 10.0}, {@code 1e+16}, {@code 1e-05}. */
    private static String floatText(double number) {
        if (Double.isNaN(number)) {
            return "nan";
        }
        if (Double.isInfinite(number)) {
            return number > 0 ? "inf" : "-inf";
        }
        BigDecimal exact = new BigDecimal(Double.toString(number)).stripTrailingZeros();
        int exponent = exact.precision() - exact.scale() - 1;
        if (number == 0 || (exponent >= -4 && exponent < 16)) {
            String plain = exact.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = exact.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (number < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
    }
}
