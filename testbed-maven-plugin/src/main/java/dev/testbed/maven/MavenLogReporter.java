package dev.testbed.maven;

import dev.testbed.core.Reporter;
import java.util.function.UnaryOperator;
import org.apache.maven.plugin.logging.Log;

/**
 * The engine's events in Maven's build log at their own level (so {@code mvn -q} still shows failures), with every
 * credential the goal knows redacted.
 */
record MavenLogReporter(Log log, UnaryOperator<String> redaction) implements Reporter {

    MavenLogReporter(Log log) {
        this(log, UnaryOperator.identity());
    }

    @Override
    public void report(Event event) {
        String message = redaction.apply(event.message());
        switch (event.level()) {
            case ERROR -> log.error(message);
            case WARN -> log.warn(message);
            case INFO -> log.info(message);
            case DEBUG -> log.debug(message);
        }
    }
}
