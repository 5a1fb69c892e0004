package dev.testbed.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The m2e lifecycle mapping shipped in the plugin jar against the plugin descriptor that maven-plugin-plugin
 * generates from the Mojo annotations: a new goal that is not listed would make Eclipse report "plugin execution
 * not covered", or worse, run it on a save.
 */
class PluginLifecycleMappingTest {

    private static final String DESCRIPTOR = "META-INF/maven/plugin.xml";
    private static final String M2E_MAPPING = "META-INF/m2e/lifecycle-mapping-metadata.xml";

    @Test
    void everyGoalBoundToALifecyclePhaseIsIgnoredByEclipse() throws Exception {
        Set<String> phaseBound = strings(resource(DESCRIPTOR), "/plugin/mojos/mojo[phase]/goal");
        Set<String> ignored = strings(resource(M2E_MAPPING),
                "/lifecycleMappingMetadata/pluginExecutions/pluginExecution[action/ignore]/pluginExecutionFilter/goals/goal");

        // the build's stages, each with a default phase (DESIGN.md); if the descriptor lost them the check below would be empty
        assertTrue(phaseBound.containsAll(Set.of("generate-data", "load-ducklake", "run-models", "verify-metrics")), phaseBound::toString);
        Set<String> missing = new TreeSet<>(phaseBound);
        missing.removeAll(ignored);
        assertEquals(Set.of(), missing, "goals bound to a phase but not ignored by m2e (add them to " + M2E_MAPPING + ")");
    }

    @Test
    void theMappingListsExactlyThePluginsGoals() throws Exception {
        Set<String> goals = strings(resource(DESCRIPTOR), "/plugin/mojos/mojo/goal");
        Set<String> mapped = strings(resource(M2E_MAPPING),
                "/lifecycleMappingMetadata/pluginExecutions/pluginExecution/pluginExecutionFilter/goals/goal");

        assertFalse(goals.isEmpty());
        // a goal a user binds to a phase by hand (docs, inspect) must not run on a save either; a renamed goal must not linger
        assertEquals(goals, mapped);
    }

    /** The resource from this plugin's own classes (target/classes), not from another plugin jar on the test classpath. */
    private static Document resource(String name) throws Exception {
        String classes = GenerateDataMojo.class.getProtectionDomain().getCodeSource().getLocation().toString();
        for (URL url : Collections.list(PluginLifecycleMappingTest.class.getClassLoader().getResources(name))) {
            if (url.toString().startsWith(classes)) {
                try (InputStream in = url.openStream()) {
                    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
                }
            }
        }
        throw new AssertionError(name + " is not in " + classes);
    }

    private static Set<String> strings(Document document, String xpath) throws Exception {
        NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, document, XPathConstants.NODESET);
        Set<String> values = new TreeSet<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            values.add(nodes.item(i).getTextContent().trim());
        }
        return values;
    }
}
