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
     * @param name dbt's name for it, e.g. {@code my_project.on-run-start.0}
     * @param sql  the template as written
     * @param line its line in dbt_project.yml
     */
    public record Hook(String name, String sql, int line) {

        /** Where it was written, for messages. */
        public String origin() {
            return ProjectLoader.PROJECT_FILE + ", line " + line;
        }
    }

    public RunHooks {
        start = List.copyOf(start);
        end = List.copyOf(end);
    }

    /**
     * Reads the hooks of the project in {@code root}; a project without dbt_project.yml has none. The file itself is
     * checked by {@link ProjectLoader}, which reads it first.
     *
     * @throws TestbedException if a hook is neither SQL text nor a list of SQL texts
     */
    public static RunHooks read(Path root, String projectName) {
        MapNode top = ProjectFile.top(root);
        return new RunHooks(hooks(top.get("on-run-start"), projectName + ".on-run-start"), hooks(top.get("on-run-end"), projectName + ".on-run-end"));
    }

    private static List<Hook> hooks(Node node, String prefix) {
        List<Node> items = node instanceof ListNode list ? list.items() : node == null ? List.of() : List.of(node);
        List<Hook> hooks = new ArrayList<>();
        for (Node item : items) {
            if (item instanceof Scalar scalar && scalar.value() == null) {
                continue;
            }
            if (!(item instanceof Scalar scalar)) {
                throw new TestbedException(ProjectLoader.PROJECT_FILE + ", line " + item.line() + ": " + prefix.substring(prefix.indexOf('.') + 1)
                        + " must be SQL text or a list of SQL texts.", "Write e.g. on-run-start: [\"create schema if not exists audit\"].");
            }
            hooks.add(new Hook(prefix + "." + hooks.size(), scalar.text(), scalar.line()));
        }
        return List.copyOf(hooks);
    }
}
