package dev.testbed.compile;

import dev.testbed.project.SourceKey;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the final render of a model substitutes for its references.
 *
 * @param refRelation    model name to the SQL text {@code ref()} renders (a relation such as {@code lake.main.stg_sales},
 *                       or a CTE name for ephemeral models); null for a name that is not a model makes compilation fail
 * @param sourceRelation source table to the SQL text {@code source()} renders; null fails the same way
 * @param incremental    what {@code is_incremental()} returns
 * @param thisRelation   what {@code this} renders, e.g. {@code lake.main.daily_sales}; null leaves {@code this} undefined
 */
public record CompileContext(Function<String, String> refRelation, Function<SourceKey, String> sourceRelation, boolean incremental,
                             String thisRelation) {

    public CompileContext {
        Objects.requireNonNull(refRelation, "refRelation");
        Objects.requireNonNull(sourceRelation, "sourceRelation");
    }
}
