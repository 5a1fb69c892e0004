package dev.testbed.core;

import java.sql.Connection;

/**
 * Loads an extension with DuckDB's default extension folder, in a JVM of its own: a test starts it with
 * {@code HOME} and {@code user.home} set to different folders, which one JVM cannot do to itself.
 * Arguments: extension, DuckDB extension repository, package index. Prints {@code LOADED} or the error.
 */
public final class ExtensionLoadProbe {

    private ExtensionLoadProbe() {
    }

    public static void main(String[] args) throws Exception {
        DuckDbSettings settings = DuckDbSettings.defaults().withExtensionRepository(args[1])
                .withExtensionIndex(new ExtensionIndex(args[2], Reporter.CONSOLE));
        try (Connection connection = DuckDb.open(settings)) {
            DuckDb.loadExtension(connection, args[0], settings);
            System.out.println("LOADED");
        } catch (TestbedException e) {
            System.out.println(e.getMessage());
        }
    }
}
