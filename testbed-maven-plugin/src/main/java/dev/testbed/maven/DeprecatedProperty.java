package dev.testbed.maven;

import java.util.Optional;
import java.util.Properties;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.logging.Log;

/**
 * A user property that was renamed: its old name still works, with a warning, so that scripts and POMs written for
 * the old name keep building. Read from the command line ({@code -D}) and the POM's {@code <properties>}, the two
 * places a user property is set.
 *
 * @param oldName  the name no longer documented
 * @param newName  the name to use instead
 */
record DeprecatedProperty(String oldName, String newName) {

    /** The old property's value when it is set and the new one is not; a warning either way when the old one is set. */
    Optional<String> value(MavenSession session, Log log) {
        if (session == null) {
            return Optional.empty();
        }
        String old = lookUp(session, oldName);
        if (old == null) {
            return Optional.empty();
        }
        if (lookUp(session, newName) != null) {
            log.warn(oldName + " is deprecated and ignored, since " + newName + " is set too: remove " + oldName + ".");
            return Optional.empty();
        }
        log.warn(oldName + " is deprecated: use " + newName + " instead (it still works for now).");
        return Optional.of(old);
    }

    private static String lookUp(MavenSession session, String name) {
        String value = session.getUserProperties().getProperty(name);
        Properties pom = session.getCurrentProject() == null ? null : session.getCurrentProject().getProperties();
        return value != null ? value : pom == null ? null : pom.getProperty(name);
    }
}
