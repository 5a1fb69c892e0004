package dev.testbed.project;

import java.util.List;

/**
 * A model after its first, dependency-capturing render: what it refers to and its resolved config.
 *
 * @param refs    names given to {@code ref()} (the one-argument form, or the second argument of the two-argument form), in order of appearance
 * @param sources arguments of {@code source()} calls, in order of appearance
 */
public record ParsedModel(ModelFile file, ModelConfig config, List<String> refs, List<SourceKey> sources) {

    public String name() {
        return file.name();
    }
}
