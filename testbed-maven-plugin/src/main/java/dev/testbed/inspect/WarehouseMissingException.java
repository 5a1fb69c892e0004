package dev.testbed.inspect;

import dev.testbed.core.LakeLocation;
import dev.testbed.core.TestbedException;

/** The lake's catalog does not exist yet: nothing to inspect. */
public final class WarehouseMissingException extends TestbedException {

    public WarehouseMissingException(LakeLocation location) {
        super("No warehouse at " + location.resolvedCatalog() + " yet", "build it first with mvn verify (or mvn process-resources for the raw tables only).");
    }
}
