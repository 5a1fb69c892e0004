package dev.testbed.project;

import dev.testbed.core.TestbedException;
import dev.testbed.project.YamlTree.ListNode;
import dev.testbed.project.YamlTree.MapNode;
import dev.testbed.project.YamlTree.Node;
import dev.testbed.project.YamlTree.Scalar;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The project's docs blocks: {@code {% docs name %} ... {% enddocs %}} in the {@code .md} files under the docs paths,
 * which descriptions use through {@code {{ doc('name') }}}.
 *
 * <p>As in dbt, the docs paths are dbt_project.yml's {@code docs-paths}, else every resource path (model, seed, test,
 * analysis, macro and snapshot paths, with their defaults); a block's contents are stripped of surrounding whitespace,
 * and two blocks of one name are an error.
 *
 * @param blocks every block by name, in file order
 */
public record DocBlocks(Map<String, Block> blocks) {

    public static final DocBlocks NONE = new DocBlocks(Map.of());

    /** dbt's tag pair; the name is a Jinja identifier, as dbt's block lexer requires. */
    private static final Pattern BLOCK = Pattern.compile("\\{%-?\\s*docs\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*-?%}(.*?)\\{%-?\\s*enddocs\\s*-?%}", Pattern.DOTALL);

    /**
     * One docs block.
     *
     * @param name             its name
     * @param path             its file relative to the docs path that holds it (dbt's {@code path})
     * @param originalFilePath its file relative to the project root
     * @param line             the line of its {@code {% docs %}} tag
     * @param contents         its text, stripped (dbt's {@code block_contents})
     */
    public record Block(String name, String path, String originalFilePath, int line, String contents) {
    }

    public DocBlocks {
        blocks = Map.copyOf(blocks);
    }

    /** The block of that name, or null. */
    public Block get(String name) {
        return blocks.get(name);
    }

    /** Reads the docs blocks of the project in {@code root}. */
    public static DocBlocks load(Path root) {
        Map<String, Block> blocks = new LinkedHashMap<>();
        Set<Path> seen = new LinkedHashSet<>();
        for (String docsPath : docsPaths(root)) {
            Path dir = root.resolve(docsPath).normalize();
            if (!Files.isDirectory(dir)) {
                continue;
            }
            for (Path file : markdownFiles(dir)) {
                if (seen.add(file)) {
                    read(root, dir, file, blocks);
                }
            }
        }
        return new DocBlocks(blocks);
    }

    private static void read(Path root, Path dir, Path file, Map<String, Block> blocks) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TestbedException("Cannot read " + slashes(root.relativize(file)) + ": " + e.getMessage(), "Check that the file is readable.", e);
        }
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            int line = (int) text.substring(0, matcher.start()).chars().filter(c -> c == '\n').count() + 1;
            Block block = new Block(matcher.group(1), slashes(dir.relativize(file)), slashes(root.relativize(file)), line, matcher.group(2).strip());
            Block earlier = blocks.putIfAbsent(block.name(), block);
            if (earlier != null) {
                throw new TestbedException("Two docs blocks are named '" + block.name() + "': " + earlier.originalFilePath() + ", line " + earlier.line()
                        + " and " + block.originalFilePath() + ", line " + block.line() + " (dbt refuses this too).",
                        "Rename or remove one of them; doc('" + block.name() + "') must mean one block.");
            }
        }
    }

    private static List<Path> markdownFiles(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).filter(file -> file.getFileName().toString().endsWith(".md"))
                    .sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException | UncheckedIOException e) {
            throw new TestbedException("Cannot list the files in " + dir + ": " + e.getMessage(), "Check the folder's permissions.", e);
        }
    }

    /** docs-paths, else dbt's default: every resource path, each as configured or at its default. */
    private static List<String> docsPaths(Path root) {
        MapNode top = ProjectFile.top(root);
        List<String> configured = paths(top, "docs-paths", null);
        if (configured != null) {
            return configured;
        }
        List<String> paths = new ArrayList<>();
        paths.addAll(paths(top, "model-paths", paths(top, "source-paths", List.of("models"))));
        paths.addAll(paths(top, "seed-paths", paths(top, "data-paths", List.of("seeds"))));
        paths.addAll(paths(top, "test-paths", List.of("tests")));
        paths.addAll(paths(top, "analysis-paths", List.of("analyses")));
        paths.addAll(paths(top, "macro-paths", List.of("macros")));
        paths.addAll(paths(top, "snapshot-paths", List.of("snapshots")));
        return paths;
    }

    private static List<String> paths(MapNode top, String key, List<String> otherwise) {
        Node node = top.get(key);
        if (node instanceof Scalar scalar && scalar.text() != null) {
            return List.of(scalar.text());
        }
        if (node instanceof ListNode list) {
            return list.items().stream().filter(item -> item instanceof Scalar scalar && scalar.text() != null)
                    .map(item -> ((Scalar) item).text()).toList();
        }
        return otherwise;
    }

    private static String slashes(Path path) {
        return path.toString().replace(File.separatorChar, '/');
    }
}
