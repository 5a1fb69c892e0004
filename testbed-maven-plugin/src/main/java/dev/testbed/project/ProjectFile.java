package dev.testbed.project;

import dev.testbed.core.TestbedException;
import dev.testbed.project.YamlTree.MapNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** dbt_project.yml's top mapping, for readers of single keys; {@link ProjectLoader} reads the file first and reports its errors. */
final class ProjectFile {

    private ProjectFile() {
    }

    /** The top mapping, empty when the project has no dbt_project.yml or it holds no mapping. */
    static MapNode top(Path root) {
        Path file = root.resolve(ProjectLoader.PROJECT_FILE);
        if (!Files.isRegularFile(file)) {
            return new MapNode(Map.of(), 1);
        }
        try {
            return YamlTree.parse(ProjectLoader.PROJECT_FILE, Files.readString(file, StandardCharsets.UTF_8), warning -> { }) instanceof MapNode map
                    ? map : new MapNode(Map.of(), 1);
        } catch (IOException e) {
            throw new TestbedException("Cannot read " + ProjectLoader.PROJECT_FILE + ": " + e.getMessage(), "Check that the file is readable.", e);
        }
    }
}
