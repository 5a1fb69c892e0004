package dev.testbed.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layered layout stays readable at 100 models: layers follow the DAG, nothing overlaps, edges run left to right, ordering removes crossings. */
class LineageLayoutTest {

    @TempDir
    Path work;

    @Test
    void aHundredModelsAreLaidOutInLayersWithoutOverlapsAndWithFewerCrossings() throws Exception {
        GeneratedProject project = GeneratedProject.write(work, 100);
        LineageLayout.Drawing drawing = LineageLayout.draw(project.nodes(), project.edges());

        assertEquals(104, drawing.nodes().size());
        Map<String, LineageLayout.Position> at = new HashMap<>();
        drawing.nodes().forEach(p -> at.put(p.id(), p));
        for (String node : project.nodes()) {
            int deepestParent = project.edges().stream().filter(e -> e[1].equals(node)).mapToInt(e -> at.get(e[0]).layer()).max().orElse(-1);
            assertEquals(deepestParent + 1, at.get(node).layer(), node + " sits one layer right of its deepest parent");
        }
        for (LineageLayout.Position a : drawing.nodes()) {
            for (LineageLayout.Position b : drawing.nodes()) {
                boolean overlap = a != b && Math.abs(a.x() - b.x()) < LineageLayout.NODE_WIDTH && Math.abs(a.y() - b.y()) < LineageLayout.NODE_HEIGHT;
                assertTrue(!overlap, a + " overlaps " + b);
            }
            assertTrue(a.x() >= 0 && a.y() >= 0 && a.x() + LineageLayout.NODE_WIDTH <= drawing.width() && a.y() + LineageLayout.NODE_HEIGHT <= drawing.height());
        }
        assertEquals(project.edges().size(), drawing.edges().size());
        for (LineageLayout.Route route : drawing.edges()) {
            List<int[]> points = route.points();
            assertEquals(at.get(route.from()).x() + LineageLayout.NODE_WIDTH, points.get(0)[0]);
            assertEquals(at.get(route.to()).x(), points.get(points.size() - 1)[0]);
            for (int i = 1; i < points.size(); i++) {
                assertTrue(points.get(i)[0] > points.get(i - 1)[0], "edge " + route.from() + " -> " + route.to() + " runs left to right");
            }
        }
        int before = LineageLayout.initialCrossings(project.nodes(), project.edges());
        assertTrue(drawing.crossings() < before / 2, "ordering should at least halve the crossings: " + before + " -> " + drawing.crossings());
    }

    @Test
    void aChainWithAShortcutHasNoCrossingsAndTheShortcutGetsAWaypoint() {
        List<String> nodes = List.of("a", "b", "c", "d");
        List<String[]> edges = List.of(new String[] {"a", "b"}, new String[] {"b", "c"}, new String[] {"a", "c"}, new String[] {"c", "d"});
        LineageLayout.Drawing drawing = LineageLayout.draw(nodes, edges);
        assertEquals(0, drawing.crossings());
        LineageLayout.Route shortcut = drawing.edges().stream().filter(r -> r.from().equals("a") && r.to().equals("c")).findFirst().orElseThrow();
        assertEquals(4, shortcut.points().size(), "start, both sides of the waypoint in b's layer, end");
    }
}
