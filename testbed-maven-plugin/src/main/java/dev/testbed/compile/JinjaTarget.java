package dev.testbed.compile;

import com.hubspot.jinjava.objects.serialization.PyishSerializable;
import java.io.IOException;

/** {@code target} as templates see it: {@code target.name}, {@code target.schema}, {@code target.type}, {@code target.database}. */
public final class JinjaTarget implements PyishSerializable {

    private final Target target;

    JinjaTarget(Target target) {
        this.target = target;
    }

    public String getName() {
        return target.name();
    }

    public String getSchema() {
        return target.schema();
    }

    public String getType() {
        return target.type();
    }

    /** The attached lake's alias: dbt's database for DuckDB. */
    public String getDatabase() {
        return target.catalog();
    }

    @Override
    public String toString() {
        return target.name();
    }

    @Override
    public <T extends Appendable & CharSequence> T appendPyishString(T appendable) throws IOException {
        appendable.append(target.name());
        return appendable;
    }
}
