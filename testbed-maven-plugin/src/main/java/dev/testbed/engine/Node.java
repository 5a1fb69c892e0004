package dev.testbed.engine;

import dev.testbed.project.ParsedModel;
import dev.testbed.results.DataTest;

/** A node of the build graph: a seed or model to build, or a data test to run. */
sealed interface Node {

    /** Unique among the graph's nodes: a model's name, {@code test:} and a test's name. */
    String key();

    record Model(ParsedModel model) implements Node {
        @Override
        public String key() {
            return model.name();
        }
    }

    record Test(DataTest test) implements Node {
        @Override
        public String key() {
            return "test:" + test.name();
        }
    }
}
