package dev.testbed.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.testbed.core.Reporter;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.logging.Log;
import org.junit.jupiter.api.Test;

/** Each engine event reaches Maven's log at its own level: mvn -q keeps the ERROR ones, so failures stay visible. */
class MavenLogReporterTest {

    @Test
    void eventsKeepTheirLevelAndLoseTheirCredentials() {
        List<String> lines = new ArrayList<>();
        // Maven's Log: every level enabled, each call kept as "<method>: <text>"
        Log log = (Log) Proxy.newProxyInstance(Log.class.getClassLoader(), new Class<?>[] {Log.class}, (proxy, method, args) -> {
            if (method.getName().startsWith("is")) {
                return true;
            }
            lines.add(method.getName() + ": " + args[0]);
            return null;
        });
        Reporter reporter = new MavenLogReporter(log, text -> text.replace("s3cret", "****"));

        reporter.error("FAIL 2 unique_orders_id" + System.lineSeparator() + "  compiled SQL: s3cret.sql");
        reporter.warn("WARN 1 not_null_orders_id");
        reporter.info("PASS unique_customers_id");
        reporter.debug("attached s3cret");

        assertEquals(List.of("error: FAIL 2 unique_orders_id" + System.lineSeparator() + "  compiled SQL: ****.sql",
                "warn: WARN 1 not_null_orders_id", "info: PASS unique_customers_id", "debug: attached ****"), lines);
    }
}
