package dev.testbed.project;

import java.nio.file.Path;

/**
 * A seed: a CSV file under a seed path, loaded as a table and referable with {@code ref()}.
 *
 * @param name         the seed's name (file name without {@code .csv}); shares one namespace with models
 * @param path         absolute path of the file
 * @param relativePath path relative to the project root with forward slashes, e.g. {@code seeds/regions.csv}
 */
public record SeedFile(String name, Path path, String relativePath) {
}
