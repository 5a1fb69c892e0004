package dev.testbed.compile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code modules.re}: Python's {@code re} module as macros use it: {@code match}, {@code fullmatch}, {@code search},
 * {@code sub}, {@code findall}, {@code split}, {@code compile} and the flags {@code I}/{@code IGNORECASE}, {@code M},
 * {@code S}, {@code X}. Patterns are Python's, translated where Java's syntax differs ({@code (?P<name>...)},
 * {@code (?P=name)}, {@code \g<1>} in replacements).
 */
public final class PythonRe {

    static final PythonRe MODULE = new PythonRe();

    private static final int IGNORECASE = 2;
    private static final int MULTILINE = 8;
    private static final int DOTALL = 16;
    private static final int VERBOSE = 64;

    private PythonRe() {
    }

    public int getI() {
        return IGNORECASE;
    }

    public int getIgnorecase() {
        return IGNORECASE;
    }

    public int getM() {
        return MULTILINE;
    }

    public int getMultiline() {
        return MULTILINE;
    }

    public int getS() {
        return DOTALL;
    }

    public int getDotall() {
        return DOTALL;
    }

    public int getX() {
        return VERBOSE;
    }

    public int getVerbose() {
        return VERBOSE;
    }

    public Compiled compile(Object... args) {
        Map<String, Object> named = PythonDatetime.arguments(args, List.of("pattern", "flags"));
        return compiled(named.get("pattern"), named.get("flags"));
    }

    public Match match(Object... args) {
        Map<String, Object> named = PythonDatetime.arguments(args, List.of("pattern", "string", "flags"));
        return compiled(named.get("pattern"), named.get("flags")).match(named.get("string"));
    }

    public Match fullmatch(Object... args) {
        Map<String, Object> named = PythonDatetime.arguments(args, List.of("pattern", "string", "flags"));
        return compiled(named.get("pattern"), named.get("flags")).fullmatch(named.get("string"));
    }

    public Match search(Object... args) {
        Map<String, Object> named = PythonDatetime.arguments(args, List.of("pattern", "string", "flags"));
        return compiled(named.get("pattern"), named.get("flags")).search(named.get("string"));
    }

    public List<Object> findall(Object... args) {
        Map<String, Object> named = PythonDatetime.arguments(args, List.of("pattern", "string", "flags"));
        return compiled(named.get("pattern"), named.get("flags")).findall(named.get("string"));
    }

    public List<String> split(Object... args) {
        Map<String, Object> named = PythonDatetime.arguments(args, List.of("pattern", "string", "maxsplit", "flags"));
        return compiled(named.get("pattern"), named.get("flags")).splitting(named.get("string"), named.getOrDefault("maxsplit", 0));
    }

    public String sub(Object... args) {
        Map<String, Object> named = PythonDatetime.arguments(args, List.of("pattern", "repl", "string", "count", "flags"));
        return compiled(named.get("pattern"), named.get("flags")).substituting(named.get("repl"), named.get("string"), named.getOrDefault("count", 0));
    }

    private static Compiled compiled(Object pattern, Object flags) {
        if (pattern instanceof Compiled compiled) {
            return compiled;
        }
        int python = flags instanceof Number n ? n.intValue() : 0;
        int java = ((python & IGNORECASE) != 0 ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0) | ((python & MULTILINE) != 0 ? Pattern.MULTILINE : 0)
                | ((python & DOTALL) != 0 ? Pattern.DOTALL : 0) | ((python & VERBOSE) != 0 ? Pattern.COMMENTS : 0);
        String text = String.valueOf(pattern);
        try {
            return new Compiled(Pattern.compile(text.replace("(?P<", "(?<").replaceAll("\\(\\?P=(\\w+)\\)", "\\\\k<$1>"), java), text);
        } catch (PatternSyntaxException e) {
            throw Render.current().fail("invalid regular expression " + PythonText.repr(text) + ": " + e.getDescription(), null);
        }
    }

    /** Python's replacement text in Java's: {@code \1} and {@code \g<name>} are groups, {@code $} is literal. */
    private static String replacement(String python) {
        StringBuilder java = new StringBuilder();
        for (int i = 0; i < python.length(); i++) {
            char c = python.charAt(i);
            if (c == '$') {
                java.append("\\$");
            } else if (c == '\\' && i + 1 < python.length()) {
                char next = python.charAt(++i);
                if (Character.isDigit(next)) {
                    java.append('$').append(next);
                } else if (next == 'g' && i + 1 < python.length() && python.charAt(i + 1) == '<') {
                    int end = python.indexOf('>', i);
                    String group = python.substring(i + 2, end);
                    java.append(group.chars().allMatch(Character::isDigit) ? "$" + group : "${" + group + "}");
                    i = end;
                } else if (next == 'n') {
                    java.append('\n');
                } else if (next == 't') {
                    java.append('\t');
                } else {
                    java.append(next == '\\' ? "\\\\" : String.valueOf(next));
                }
            } else {
                java.append(c);
            }
        }
        return java.toString();
    }

    /** A compiled pattern ({@code re.compile}): the same functions without the pattern argument, and {@code pattern}. */
    public static final class Compiled {

        private final Pattern pattern;
        private final String text;

        Compiled(Pattern pattern, String text) {
            this.pattern = pattern;
            this.text = text;
        }

        public String getPattern() {
            return text;
        }

        public Match match(Object string) {
            Matcher matcher = pattern.matcher(String.valueOf(string));
            return matcher.lookingAt() ? new Match(matcher) : null;
        }

        public Match fullmatch(Object string) {
            Matcher matcher = pattern.matcher(String.valueOf(string));
            return matcher.matches() ? new Match(matcher) : null;
        }

        public Match search(Object string) {
            Matcher matcher = pattern.matcher(String.valueOf(string));
            return matcher.find() ? new Match(matcher) : null;
        }

        /** Every match: the whole match without groups, the group with one, a list of the groups with more. */
        public List<Object> findall(Object string) {
            Matcher matcher = pattern.matcher(String.valueOf(string));
            List<Object> found = new ArrayList<>();
            while (matcher.find()) {
                int groups = matcher.groupCount();
                if (groups == 0) {
                    found.add(matcher.group());
                } else if (groups == 1) {
                    found.add(orEmpty(matcher.group(1)));
                } else {
                    List<Object> tuple = new ArrayList<>();
                    for (int g = 1; g <= groups; g++) {
                        tuple.add(orEmpty(matcher.group(g)));
                    }
                    found.add(tuple);
                }
            }
            return found;
        }

        public List<String> split(Object... args) {
            Map<String, Object> named = PythonDatetime.arguments(args, List.of("string", "maxsplit"));
            return splitting(named.get("string"), named.getOrDefault("maxsplit", 0));
        }

        List<String> splitting(Object string, Object maxsplit) {
            int limit = maxsplit instanceof Number n && n.intValue() > 0 ? n.intValue() + 1 : -1;
            return List.of(pattern.split(String.valueOf(string), limit));
        }

        public String sub(Object... args) {
            Map<String, Object> named = PythonDatetime.arguments(args, List.of("repl", "string", "count"));
            return substituting(named.get("repl"), named.get("string"), named.getOrDefault("count", 0));
        }

        String substituting(Object repl, Object string, Object count) {
            Matcher matcher = pattern.matcher(String.valueOf(string));
            int limit = count instanceof Number n ? n.intValue() : 0;
            String replacement = replacement(String.valueOf(repl));
            StringBuilder out = new StringBuilder();
            int done = 0;
            while ((limit == 0 || done < limit) && matcher.find()) {
                matcher.appendReplacement(out, replacement);
                done++;
            }
            matcher.appendTail(out);
            return out.toString();
        }

        private static String orEmpty(String group) {
            return group == null ? "" : group;
        }
    }

    /** A match: {@code group(n)} (0, the whole match, by default; also by name), {@code groups()}, {@code start()}, {@code end()}. */
    public static final class Match {

        private final List<String> groups = new ArrayList<>();
        private final Matcher matcher;
        private final int start;
        private final int end;

        Match(Matcher matcher) {
            this.matcher = matcher;
            for (int g = 0; g <= matcher.groupCount(); g++) {
                groups.add(matcher.group(g));
            }
            this.start = matcher.start();
            this.end = matcher.end();
        }

        public Object group(Object... which) {
            if (which.length == 0) {
                return groups.get(0);
            }
            if (which.length == 1) {
                return one(which[0]);
            }
            List<Object> several = new ArrayList<>();
            for (Object w : which) {
                several.add(one(w));
            }
            return several;
        }

        private Object one(Object which) {
            if (which instanceof Number n) {
                return groups.get(n.intValue());
            }
            return matcher.group(String.valueOf(which));
        }

        public List<String> groups() {
            return groups.subList(1, groups.size());
        }

        public int start() {
            return start;
        }

        public int end() {
            return end;
        }

        @Override
        public String toString() {
            return "<re.Match object; span=(" + start + ", " + end + "), match=" + PythonText.repr(groups.get(0)) + ">";
        }
    }
}
