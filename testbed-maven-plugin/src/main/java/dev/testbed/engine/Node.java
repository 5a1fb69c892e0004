package dev.testbed.engine;

import dev.testbed.project.ParsedModel;
import dev.testbed.results.DataTest;
import dev.testbed.unit.UnitTest;

/** A node of the build graph: a seed or model to build, a data test to run, or a unit test of a model to run before it. */
sealed interface Node {

    /** Unique among the graph's nodes: a model's name, {@code test:} and a test's name, {@code unit:} and a unit test's id. */
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

    record Unit(UnitTest unit) implements Node {
        @Override
        public String key() {
            return "unit:" + unit.test().id().uniqueId();
        }
    }
}
