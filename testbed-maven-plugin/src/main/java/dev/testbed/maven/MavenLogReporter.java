package dev.testbed.maven;

import dev.testbed.core.Reporter;
import org.apache.maven.plugin.logging.Log;

/** The engine's progress lines in Maven's build log. */
record MavenLogReporter(Log log) implements Reporter {

    @Override
    public void info(String message) {
        log.info(message);
    }

    @Override
    public void warn(String message) {
        log.warn(message);
    }

    @Override
    public void debug(String message) {
        log.debug(message);
    }
}
