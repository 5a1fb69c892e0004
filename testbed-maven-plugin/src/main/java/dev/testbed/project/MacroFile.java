package dev.testbed.project;

import java.nio.file.Path;

/** A {@code .sql} file of Jinja macros under a macro path. */
public record MacroFile(Path path, String relativePath, String text) {
}
