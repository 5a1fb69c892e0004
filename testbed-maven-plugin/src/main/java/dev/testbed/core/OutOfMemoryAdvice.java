package dev.testbed.core;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DuckDB's out-of-memory error told in this plugin's terms. DuckDB ends it with remedies in SQL ({@code SET threads},
 * {@code SET memory_limit}, {@code SET temp_directory}) that a Maven user cannot type anywhere; they become the
 * {@code testbed.*} parameters that set the same things, with the limit DuckDB had.
 */
final class OutOfMemoryAdvice {

    private static final String OUT_OF_MEMORY = "Out of Memory Error";
    /** DuckDB's "(used/limit used)", such as {@code (2.7 GiB/2.7 GiB used)}. */
    private static final Pattern USED_OF_LIMIT = Pattern.compile("\\(([^()/]+)/([^()/]+) used\\)");

    private OutOfMemoryAdvice() {
    }

    /** The message with DuckDB's SQL remedies replaced by the plugin's parameters, when it is an out-of-memory error. */
    static String apply(String message) {
        int start = message.indexOf(OUT_OF_MEMORY);
        if (start < 0) {
            return message;
        }
        StringBuilder kept = new StringBuilder();
        for (String line : message.substring(start).split("\n")) {
            if (line.startsWith("Possible solutions:") || line.startsWith("See also https://duckdb.org")) {
                break;
            }
            if (!line.startsWith("Launch the database with") && !line.startsWith("Or set SET temp_directory")) {
                kept.append(line).append('\n');
            }
        }
        Matcher used = USED_OF_LIMIT.matcher(message);
        String limit = used.find() ? "its limit was " + used.group(2).strip() + ", " + used.group(1).strip() + " of it in use" : "see its limit above";
        return message.substring(0, start) + kept.toString().strip() + "\n"
                + "DuckDB ran out of memory (" + limit + "). Raise the limit with -Dtestbed.memoryLimit (default: 80% of the memory"
                + " the JVM's heap leaves), let DuckDB spill to a disk with room with -Dtestbed.tempDirectory (default:"
                + " the build directory, target/), or use fewer threads with -Dtestbed.threads (each thread holds buffers of its own).";
    }
}
