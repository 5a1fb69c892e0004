package dev.testbed.docs;

import dev.testbed.TestData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * A generated dbt-style project of {@code n} models over the four raw sources: the first models read sources,
 * every later one refs one to three earlier models (a fixed random seed, so every run draws the same graph).
 */
record GeneratedProject(Path root, List<String> nodes, List<String[]> edges) {

    static final List<String> SOURCES = List.of("raw_customers", "raw_stores", "raw_products", "raw_sales");

    static GeneratedProject write(Path root, int n) throws IOException {
        Random random = new Random(7);
        List<String> nodes = new ArrayList<>();
        List<String[]> edges = new ArrayList<>();
        SOURCES.forEach(s -> nodes.add("source:raw." + s));
        TestData.write(root, "models/sources.yml", "version: 2\nsources:\n  - name: raw\n    tables:\n"
                + String.join("", SOURCES.stream().map(s -> "      - name: " + s + "\n").toList()));
        for (int i = 0; i < n; i++) {
            String name = String.format("model_%03d", i);
            TreeSet<String> reads = new TreeSet<>();
            if (i < 12) {
                reads.add("source:raw." + SOURCES.get(i % SOURCES.size()));
            } else {
                int parents = 1 + random.nextInt(3);
                for (int p = 0; p < parents; p++) {
                    // mostly recent models, so the graph gets several layers, sometimes an old one (long edges)
                    int parent = random.nextInt(4) == 0 ? random.nextInt(i) : Math.max(0, i - 1 - random.nextInt(Math.min(i, 15)));
                    reads.add(String.format("model:model_%03d", parent));
                }
            }
            StringBuilder sql = new StringBuilder("select 1 as id");
            for (String read : reads) {
                sql.append("\nunion all select 1 from ").append(read.startsWith("source:")
                        ? "{{ source('raw', '" + read.substring("source:raw.".length()) + "') }}"
                        : "{{ ref('" + read.substring("model:".length()) + "') }}");
                edges.add(new String[] {read, "model:" + name});
            }
            TestData.write(root, "models/" + name + ".sql", sql + "\n");
            nodes.add("model:" + name);
        }
        return new GeneratedProject(root, nodes, edges);
    }
}
