package dev.testbed.maven;

import dev.testbed.core.Reporter;
import java.util.function.UnaryOperator;
import org.apache.maven.plugin.logging.Log;

/** The engine's progress lines in Maven's build log, with every credential the goal knows redacted. */
record MavenLogReporter(Log log, UnaryOperator<String> redaction) implements Reporter {

    MavenLogReporter(Log log) {
        this(log, UnaryOperator.identity());
    }

    @Override
    public void info(String message) {
        log.info(redaction.apply(message));
    }

    @Override
    public void warn(String message) {
        log.warn(redaction.apply(message));
    }

    @Override
    public void debug(String message) {
        log.debug(redaction.apply(message));
    }
}
