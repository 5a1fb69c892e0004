package dev.testbed.project;

import dev.testbed.core.TestbedException;
import dev.testbed.project.YamlTree.ListNode;
import dev.testbed.project.YamlTree.MapNode;
import dev.testbed.project.YamlTree.Node;
import dev.testbed.project.YamlTree.Scalar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * dbt_project.yml's {@code on-run-start} and {@code on-run-end}: SQL (Jinja templates) run once before the first node
 * and once after the last, each statement on its own, outside any node's transaction.
 *
 * @param start the on-run-start hooks, in file order
 * @param end   the on-run-end hooks, in file order
 */
public record RunHooks(List<Hook> start, List<Hook> end) {

    public static final RunHooks NONE = new RunHooks(List.of(), List.of());

    /**
     * One project hook.
     *
     * @param name        dbt's name for it, e.g. {@code my_project.on-run-start.0}
     * @param sql         the template as written
     * @param line        its line in dbt_project.yml
     * @param packageName the project or package whose dbt_project.yml holds it: its macros and vars render it
     * @param file        that dbt_project.yml, relative to the root project
     */
    public record Hook(String name, String sql, int line, String packageName, String file) {

        /** Where it was written, for messages. */
        public String origin() {
            return file + ", line " + line;
        }
    }

    public RunHooks {
        start = List.copyOf(start);
        end = List.copyOf(end);
    }

    /**
     * The hooks of the project and of its packages in the order dbt 1.11 runs them: the root project's first, then each
     * package's, packages by name; each hook is named by its package and its place in that whole list, as dbt numbers them.
     * A project without dbt_project.yml has none; the files themselves are checked by {@link ProjectLoader}, which reads them first.
     *
     * @throws TestbedException if a hook is neither SQL text nor a list of SQL texts
     */
    public static RunHooks of(Project project) {
        List<RunHooks> all = new ArrayList<>(List.of(read(project.root(), project.name(), ProjectLoader.PROJECT_FILE)));
        project.packages().stream().sorted(java.util.Comparator.comparing(Package::name)).forEach(dependency -> all.add(read(dependency.root(),
                dependency.name(), project.root().relativize(dependency.root().resolve(ProjectLoader.PROJECT_FILE)).toString().replace('\\', '/'))));
        return new RunHooks(numbered(all.stream().flatMap(hooks -> hooks.start().stream()).toList(), "on-run-start"),
                numbered(all.stream().flatMap(hooks -> hooks.end().stream()).toList(), "on-run-end"));
    }

    private static List<Hook> numbered(List<Hook> hooks, String type) {
        List<Hook> named = new ArrayList<>();
        for (Hook hook : hooks) {
            named.add(new Hook(hook.packageName() + "." + type + "." + named.size(), hook.sql(), hook.line(), hook.packageName(), hook.file()));
        }
        return named;
    }

    /** The hooks of one project folder's dbt_project.yml ({@code file}, as messages name it), in file order. */
    private static RunHooks read(Path root, String projectName, String file) {
        MapNode top = ProjectFile.top(root);
        return new RunHooks(hooks(top.get("on-run-start"), projectName, ".on-run-start", file), hooks(top.get("on-run-end"), projectName, ".on-run-end", file));
    }

    private static List<Hook> hooks(Node node, String projectName, String type, String file) {
        String prefix = projectName + type;
        List<Node> items = node instanceof ListNode list ? list.items() : node == null ? List.of() : List.of(node);
        List<Hook> hooks = new ArrayList<>();
        for (Node item : items) {
            if (item instanceof Scalar scalar && scalar.value() == null) {
                continue;
            }
            if (!(item instanceof Scalar scalar)) {
                throw new TestbedException(file + ", line " + item.line() + ": " + type.substring(1)
                        + " must be SQL text or a list of SQL texts.", "Write e.g. on-run-start: [\"create schema if not exists audit\"].");
            }
            hooks.add(new Hook(prefix + "." + hooks.size(), scalar.text(), scalar.line(), projectName, file));
        }
        return List.copyOf(hooks);
    }
}
