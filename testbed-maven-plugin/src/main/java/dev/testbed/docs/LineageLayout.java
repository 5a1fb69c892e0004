package dev.testbed.docs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A layered left-to-right drawing of a DAG (the Sugiyama scheme): each node's layer is one more than its
 * deepest parent's; edges that skip layers get invisible waypoints so they route between nodes rather
 * than through them; nodes within a layer are ordered by repeated median sweeps, keeping the order with the
 * fewest crossings; each layer is centred vertically.
 */
public final class LineageLayout {

    public static final int NODE_WIDTH = 210;
    public static final int NODE_HEIGHT = 40;
    static final int LAYER_GAP = 110;
    static final int ROW_GAP = 14;
    static final int MARGIN = 20;
    private static final int SWEEPS = 16;

    /** Where a node goes: its top-left corner. */
    public record Position(String id, int layer, int x, int y) {
    }

    /** An edge as a polyline from the right side of {@code from} to the left side of {@code to}. */
    public record Route(String from, String to, List<int[]> points) {
    }

    /** The finished drawing. */
    public record Drawing(List<Position> nodes, List<Route> edges, int width, int height, int crossings) {
    }

    /** A slot in a layer: a real node, or a waypoint of a long edge. */
    private record Slot(String id, boolean waypoint) {
    }

    private LineageLayout() {
    }

    /**
     * @param nodes ids, in a stable order (it seeds the ordering, so equal input gives equal drawings)
     * @param edges parent → child pairs between those ids
     */
    public static Drawing draw(List<String> nodes, List<String[]> edges) {
        Layered layered = layered(nodes, edges);
        List<List<Slot>> slots = layered.slots();
        Map<Slot, List<Slot>> up = layered.up();
        Map<Slot, List<Slot>> down = layered.down();
        Map<String, List<Slot>> chains = layered.chains();
        int layers = slots.size();

        List<List<Slot>> best = copy(slots);
        int bestCrossings = crossings(slots, down);
        for (int sweep = 0; sweep < SWEEPS && bestCrossings > 0; sweep++) {
            boolean downward = sweep % 2 == 0;
            for (int i = 1; i < layers; i++) {
                int l = downward ? i : layers - 1 - i;
                int neighbour = downward ? l - 1 : l + 1;
                reorder(slots.get(l), slots.get(neighbour), downward ? up : down);
            }
            transpose(slots, up, down);
            int now = crossings(slots, down);
            if (now < bestCrossings) {
                bestCrossings = now;
                best = copy(slots);
            }
        }

        int tallest = best.stream().mapToInt(List::size).max().orElse(0);
        int step = NODE_HEIGHT + ROW_GAP;
        Map<Slot, int[]> place = new HashMap<>();
        List<Position> positions = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            List<Slot> column = best.get(l);
            int offset = (tallest - column.size()) * step / 2;
            for (int i = 0; i < column.size(); i++) {
                int x = MARGIN + l * (NODE_WIDTH + LAYER_GAP);
                int y = MARGIN + offset + i * step;
                place.put(column.get(i), new int[] {x, y});
                if (!column.get(i).waypoint()) {
                    positions.add(new Position(column.get(i).id(), l, x, y));
                }
            }
        }
        List<Route> routes = new ArrayList<>();
        chains.forEach((key, chain) -> {
            List<int[]> points = new ArrayList<>();
            for (int i = 0; i < chain.size(); i++) {
                int[] at = place.get(chain.get(i));
                int centre = at[1] + NODE_HEIGHT / 2;
                if (i == 0) {
                    points.add(new int[] {at[0] + NODE_WIDTH, centre});
                } else if (i == chain.size() - 1) {
                    points.add(new int[] {at[0], centre});
                } else {
                    points.add(new int[] {at[0], centre});
                    points.add(new int[] {at[0] + NODE_WIDTH, centre});
                }
            }
            routes.add(new Route(chain.get(0).id(), chain.get(chain.size() - 1).id(), points));
        });
        int width = 2 * MARGIN + Math.max(0, layers * (NODE_WIDTH + LAYER_GAP) - LAYER_GAP);
        int height = 2 * MARGIN + Math.max(0, tallest * step - ROW_GAP);
        return new Drawing(positions, routes, width, height, bestCrossings);
    }

    private static int layerOf(String node, Map<String, Set<String>> parents, Map<String, Integer> layer) {
        Integer known = layer.get(node);
        if (known != null) {
            return known;
        }
        layer.put(node, 0); // a cycle (which the model graph rejects) must not recurse forever
        int deepest = -1;
        for (String parent : parents.get(node)) {
            deepest = Math.max(deepest, layerOf(parent, parents, layer));
        }
        layer.put(node, deepest + 1);
        return deepest + 1;
    }

    private static void link(Slot from, Slot to, Map<Slot, List<Slot>> up, Map<Slot, List<Slot>> down) {
        down.computeIfAbsent(from, k -> new ArrayList<>()).add(to);
        up.computeIfAbsent(to, k -> new ArrayList<>()).add(from);
    }

    /** Sorts a layer by the median position of each slot's neighbours in the fixed layer; slots without neighbours keep their place. */
    private static void reorder(List<Slot> layer, List<Slot> fixed, Map<Slot, List<Slot>> neighbours) {
        Map<Slot, Integer> index = new HashMap<>();
        for (int i = 0; i < fixed.size(); i++) {
            index.put(fixed.get(i), i);
        }
        Map<Slot, Double> key = new HashMap<>();
        for (int i = 0; i < layer.size(); i++) {
            Slot slot = layer.get(i);
            List<Integer> at = neighbours.getOrDefault(slot, List.of()).stream().map(index::get).filter(java.util.Objects::nonNull).sorted().toList();
            double median = at.isEmpty() ? -1 : at.size() % 2 == 1 ? at.get(at.size() / 2) : (at.get(at.size() / 2 - 1) + at.get(at.size() / 2)) / 2.0;
            key.put(slot, median);
        }
        // slots without neighbours stay at their current index; the others are sorted into the remaining places
        List<Slot> movable = new ArrayList<>(layer.stream().filter(s -> key.get(s) >= 0).toList());
        movable.sort(Comparator.comparingDouble(key::get));
        int next = 0;
        for (int i = 0; i < layer.size(); i++) {
            if (key.get(layer.get(i)) >= 0) {
                layer.set(i, movable.get(next++));
            }
        }
    }

    /** Swaps neighbours within a layer while that removes crossings with the layers on both sides (Gansner et al.'s transpose). */
    private static void transpose(List<List<Slot>> slots, Map<Slot, List<Slot>> up, Map<Slot, List<Slot>> down) {
        for (int round = 0; round < 8; round++) {
            boolean improved = false;
            for (int l = 0; l < slots.size(); l++) {
                List<Slot> layer = slots.get(l);
                Map<Slot, Integer> above = l > 0 ? positions(slots.get(l - 1)) : Map.of();
                Map<Slot, Integer> below = l + 1 < slots.size() ? positions(slots.get(l + 1)) : Map.of();
                for (int i = 0; i + 1 < layer.size(); i++) {
                    Slot left = layer.get(i);
                    Slot right = layer.get(i + 1);
                    int now = pairCrossings(left, right, up, above) + pairCrossings(left, right, down, below);
                    int swapped = pairCrossings(right, left, up, above) + pairCrossings(right, left, down, below);
                    if (swapped < now) {
                        layer.set(i, right);
                        layer.set(i + 1, left);
                        improved = true;
                    }
                }
            }
            if (!improved) {
                return;
            }
        }
    }

    /** Crossings between the links of {@code left} and {@code right} (in that order) into one neighbouring layer. */
    private static int pairCrossings(Slot left, Slot right, Map<Slot, List<Slot>> links, Map<Slot, Integer> position) {
        int crossings = 0;
        for (Slot a : links.getOrDefault(left, List.of())) {
            for (Slot b : links.getOrDefault(right, List.of())) {
                Integer pa = position.get(a);
                Integer pb = position.get(b);
                if (pa != null && pb != null && pa > pb) {
                    crossings++;
                }
            }
        }
        return crossings;
    }

    private static Map<Slot, Integer> positions(List<Slot> layer) {
        Map<Slot, Integer> index = new HashMap<>();
        for (int i = 0; i < layer.size(); i++) {
            index.put(layer.get(i), i);
        }
        return index;
    }

    /** Pairs of links between adjacent layers that cross. */
    static int crossings(List<List<Slot>> slots, Map<Slot, List<Slot>> down) {
        int total = 0;
        for (int l = 0; l + 1 < slots.size(); l++) {
            Map<Slot, Integer> below = new HashMap<>();
            for (int i = 0; i < slots.get(l + 1).size(); i++) {
                below.put(slots.get(l + 1).get(i), i);
            }
            List<int[]> links = new ArrayList<>();
            for (int i = 0; i < slots.get(l).size(); i++) {
                for (Slot to : down.getOrDefault(slots.get(l).get(i), List.of())) {
                    links.add(new int[] {i, below.get(to)});
                }
            }
            for (int a = 0; a < links.size(); a++) {
                for (int b = a + 1; b < links.size(); b++) {
                    int[] p = links.get(a);
                    int[] q = links.get(b);
                    if ((p[0] - q[0]) * (long) (p[1] - q[1]) < 0) {
                        total++;
                    }
                }
            }
        }
        return total;
    }

    /** The crossings of the input order, before any sweep: what the ordering improves on. */
    public static int initialCrossings(List<String> nodes, List<String[]> edges) {
        Layered layered = layered(nodes, edges);
        return crossings(layered.slots(), layered.down());
    }

    /** Nodes in layers with waypoints on long edges, in input order, and the links between adjacent layers. */
    private record Layered(List<List<Slot>> slots, Map<Slot, List<Slot>> up, Map<Slot, List<Slot>> down, Map<String, List<Slot>> chains) {
    }

    private static Layered layered(List<String> nodes, List<String[]> edges) {
        Map<String, Set<String>> parents = new LinkedHashMap<>();
        nodes.forEach(n -> parents.put(n, new LinkedHashSet<>()));
        for (String[] edge : edges) {
            if (parents.containsKey(edge[0]) && parents.containsKey(edge[1])) {
                parents.get(edge[1]).add(edge[0]);
            }
        }
        Map<String, Integer> layer = new HashMap<>();
        nodes.forEach(n -> layerOf(n, parents, layer));
        int layers = layer.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        List<List<Slot>> slots = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            slots.add(new ArrayList<>());
        }
        nodes.forEach(n -> slots.get(layer.get(n)).add(new Slot(n, false)));
        Map<Slot, List<Slot>> up = new HashMap<>();
        Map<Slot, List<Slot>> down = new HashMap<>();
        Map<String, List<Slot>> chains = new LinkedHashMap<>();
        for (String child : nodes) {
            for (String parent : parents.get(child)) {
                List<Slot> chain = new ArrayList<>();
                Slot previous = new Slot(parent, false);
                chain.add(previous);
                for (int l = layer.get(parent) + 1; l < layer.get(child); l++) {
                    Slot waypoint = new Slot(parent + "\u2192" + child + "@" + l, true);
                    slots.get(l).add(waypoint);
                    link(previous, waypoint, up, down);
                    chain.add(waypoint);
                    previous = waypoint;
                }
                Slot end = new Slot(child, false);
                link(previous, end, up, down);
                chain.add(end);
                chains.put(parent + "\u2192" + child, chain);
            }
        }
        return new Layered(slots, up, down, chains);
    }

    private static List<List<Slot>> copy(List<List<Slot>> slots) {
        return slots.stream().map(l -> (List<Slot>) new ArrayList<>(l)).toList();
    }
}
