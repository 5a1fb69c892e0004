package dev.testbed.project;

import dev.testbed.core.TestbedException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The macro files of dbt's built-in {@code dbt} package, written for this engine and shipped in the plugin as resources
 * under {@code dev/testbed/dbt/macros/}. {@code index.txt} there lists them, one path a line, because a folder inside
 * the plugin's jar cannot be listed reliably. Files are named {@code dbt/macros/<path>} in messages.
 */
public final class BuiltinMacros {

    /** The package's name, as packages call its macros: {@code dbt.datediff(...)}. */
    public static final String PACKAGE = "dbt";

    private static final String FOLDER = "/dev/testbed/dbt/macros/";
    private static final List<MacroFile> FILES = load();

    private BuiltinMacros() {
    }

    /** Every file the index lists, in its order. */
    public static List<MacroFile> files() {
        return FILES;
    }

    private static List<MacroFile> load() {
        List<MacroFile> files = new ArrayList<>();
        for (String line : read("index.txt").split("\\R")) {
            String path = line.strip();
            if (!path.isEmpty() && !path.startsWith("#")) {
                files.add(new MacroFile(null, "dbt/macros/" + path, read(path)));
            }
        }
        return List.copyOf(files);
    }

    private static String read(String path) {
        try (InputStream in = BuiltinMacros.class.getResourceAsStream(FOLDER + path)) {
            if (in == null) {
                throw new TestbedException("The plugin's built-in dbt macro file " + FOLDER + path + " is missing.",
                        "The plugin jar is incomplete: rebuild it, and list only existing files in " + FOLDER + "index.txt.");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TestbedException("Cannot read the plugin's built-in dbt macro file " + FOLDER + path + ": " + e.getMessage(),
                    "Rebuild the plugin jar.", e);
        }
    }
}
