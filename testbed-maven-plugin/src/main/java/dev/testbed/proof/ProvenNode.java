package dev.testbed.proof;

/**
 * A node of a goal's last successful run, as its up-to-date line names it.
 *
 * @param kind   {@code model}, {@code seed}, {@code test} …
 * @param name   the node's name
 * @param status its status in that run ({@code OK}, {@code PASS}, {@code WARN} …)
 */
public record ProvenNode(String kind, String name, String status) {

    private static final String SEPARATOR = "\t";

    String encoded() {
        return kind + SEPARATOR + name + SEPARATOR + status;
    }

    static ProvenNode decode(String text) {
        String[] parts = text.split(SEPARATOR, 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a node: " + text);
        }
        return new ProvenNode(parts[0], parts[1], parts[2]);
    }
}
