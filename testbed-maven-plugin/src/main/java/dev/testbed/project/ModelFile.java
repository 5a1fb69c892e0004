package dev.testbed.project;

import java.nio.file.Path;

/**
 * One model: a {@code .sql} file under a model path.
 *
 * @param name         the model's name (file name without {@code .sql}); unique in a project
 * @param path         absolute path of the file
 * @param relativePath path relative to the project root with forward slashes, e.g. {@code models/staging/stg_sales.sql}
 * @param sql          the file's raw text (SQL with Jinja)
 */
public record ModelFile(String name, Path path, String relativePath, String sql) {
}
