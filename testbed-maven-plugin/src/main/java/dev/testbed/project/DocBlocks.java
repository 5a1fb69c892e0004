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
 * The docs blocks of the project and its packages: {@code {% docs name %} ... {% enddocs %}} in the {@code .md} files under
 * each one's docs paths, which descriptions use through {@code {{ doc('name') }}} or {@code {{ doc('package', 'name') }}}.
 *
 * <p>As in dbt, the docs paths are dbt_project.yml's {@code docs-paths}, else every resource path (model, seed, test,
 * analysis, macro and snapshot paths, with their defaults); a block's contents are stripped of surrounding whitespace,
 * and two blocks of one name in one package are an error (two packages may each have one).
 *
 * @param blocks every block by {@code <package>.<name>}, the root project's first, in file order
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
     * @param packageName      the project or package whose docs paths hold it
     */
    public record Block(String name, String path, String originalFilePath, int line, String contents, String packageName) {
    }

    public DocBlocks {
        blocks = Map.copyOf(blocks);
    }

    /**
     * The block a doc() call means, as dbt's resolve_doc finds it, or null: with a package, that package's block; else, in a
     * node of the root project, the root's block, then any package's; in a package's node, the root's, the package's, then any.
     *
     * @param packageName the package named in {@code doc('package', 'name')}, or null
     * @param rootProject the root project's name
     * @param nodePackage the package of the node whose description calls doc()
     */
    public Block find(String name, String packageName, String rootProject, String nodePackage) {
        List<String> candidates = packageName != null ? List.of(packageName) : java.util.Arrays.asList(rootProject, nodePackage, null);
        for (String candidate : candidates) {
            for (Block block : blocks.values()) {
                if (block.name().equals(name) && (candidate == null || candidate.equals(block.packageName()))) {
                    return block;
                }
            }
        }
        return null;
    }

    /** The names of every block, for suggestions. */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        blocks.values().forEach(block -> names.add(block.name()));
        return names;
    }

    /** Reads the docs blocks of the project and of each of its packages (with the packages' own docs paths). */
    public static DocBlocks load(Project project) {
        Map<String, Block> blocks = new LinkedHashMap<>();
        read(project.root(), project.name(), blocks);
        project.packages().forEach(dependency -> read(dependency.root(), dependency.name(), blocks));
        return new DocBlocks(blocks);
    }

    /** Reads the docs blocks of the project in {@code root}, named {@code packageName}. */
    private static void read(Path root, String packageName, Map<String, Block> blocks) {
        Set<Path> seen = new LinkedHashSet<>();
        for (String docsPath : docsPaths(root)) {
            Path dir = root.resolve(docsPath).normalize();
            if (!Files.isDirectory(dir)) {
                continue;
            }
            for (Path file : markdownFiles(dir)) {
                if (seen.add(file)) {
                    read(root, dir, file, packageName, blocks);
                }
            }
        }
    }

    private static void read(Path root, Path dir, Path file, String packageName, Map<String, Block> blocks) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TestbedException("Cannot read " + slashes(root.relativize(file)) + ": " + e.getMessage(), "Check that the file is readable.", e);
        }
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            int line = (int) text.substring(0, matcher.start()).chars().filter(c -> c == '\n').count() + 1;
            Block block = new Block(matcher.group(1), slashes(dir.relativize(file)), slashes(root.relativize(file)), line, matcher.group(2).strip(),
                    packageName);
            Block earlier = blocks.putIfAbsent(packageName + "." + block.name(), block);
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
