package dev.testbed.artifacts;

import dev.testbed.results.TestResult;
import dev.testbed.results.TestRunResult;
import dev.testbed.results.TestStatus;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML in the shape Surefire writes ({@code TEST-<suite>.xml}): one {@code testsuite} per tested model (or source),
 * one {@code testcase} per data test; FAIL is a {@code failure} with the failing rows, ERROR an {@code error} with the
 * message and SQL, WARN a passing test case with the warning in {@code system-out}.
 */
public final class JUnitReport {

    private final Path directory;

    public JUnitReport(Path directory) {
        this.directory = directory;
    }

    /** The file a suite's report goes to. */
    public Path fileFor(String suite) {
        return directory.resolve("TEST-" + className(suite) + ".xml");
    }

    public void write(TestRunResult result) {
        Map<String, List<TestResult>> suites = result.results().stream()
                .collect(Collectors.groupingBy(r -> r.test().suite(), TreeMap::new, Collectors.toList()));
        try {
            Files.createDirectories(directory);
            for (Map.Entry<String, List<TestResult>> suite : suites.entrySet()) {
                writeSuite(suite.getKey(), suite.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write JUnit XML under " + directory, e);
        }
    }

    private void writeSuite(String suite, List<TestResult> results) throws IOException {
        List<TestResult> sorted = results.stream().sorted(java.util.Comparator.comparing(r -> r.test().name())).toList();
        double time = sorted.stream().mapToDouble(r -> r.elapsed().toNanos() / 1e9).sum();
        // buffered: the XML writer writes attribute by attribute, and unbuffered each became a system call
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(fileFor(suite)))) {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", className(suite));
            xml.writeAttribute("time", seconds(time));
            xml.writeAttribute("tests", String.valueOf(sorted.size()));
            xml.writeAttribute("errors", String.valueOf(sorted.stream().filter(r -> r.status() == TestStatus.ERROR).count()));
            xml.writeAttribute("skipped", String.valueOf(sorted.stream().filter(r -> r.status() == TestStatus.SKIPPED).count()));
            xml.writeAttribute("failures", String.valueOf(sorted.stream().filter(r -> r.status() == TestStatus.FAIL).count()));
            xml.writeCharacters("\n");
            for (TestResult result : sorted) {
                xml.writeCharacters("  ");
                xml.writeStartElement("testcase");
                xml.writeAttribute("name", result.test().name());
                xml.writeAttribute("classname", className(suite));
                xml.writeAttribute("time", seconds(result.elapsed().toNanos() / 1e9));
                switch (result.status()) {
                    case PASS -> {
                        if (!result.message().isBlank()) {
                            // kept from an earlier run: a pass, with why it was not run again; or a drift test's comparison
                            xml.writeStartElement("system-out");
                            xml.writeCharacters(clean(result.message()));
                            xml.writeEndElement();
                        }
                    }
                    case FAIL -> element(xml, "failure", summary(result), result);
                    case ERROR -> element(xml, "error", result.message(), result);
                    case SKIPPED -> {
                        xml.writeStartElement("skipped");
                        xml.writeAttribute("message", clean(result.message()));
                        xml.writeEndElement();
                    }
                    case WARN -> {
                        xml.writeStartElement("system-out");
                        xml.writeCharacters(clean(result.details()));
                        xml.writeEndElement();
                    }
                }
                xml.writeEndElement();
                xml.writeCharacters("\n");
            }
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("Cannot write " + fileFor(suite), e);
        }
    }

    private static void element(XMLStreamWriter xml, String name, String message, TestResult result) throws XMLStreamException {
        xml.writeStartElement(name);
        xml.writeAttribute("message", clean(message));
        xml.writeAttribute("type", result.test().type());
        xml.writeCharacters(clean(result.details()));
        xml.writeEndElement();
    }

    private static String summary(TestResult result) {
        if (result.isUnit()) {
            return result.test().suite() + "::" + result.test().name() + ": actual differs from expected";
        }
        return result.test().name() + ": got " + result.failures() + (result.failures() == 1 ? " failing row" : " failing rows");
    }

    /** Surefire's class names are dotted; a model becomes {@code dbt.<model>}, a source {@code dbt.source.<source>.<table>}. */
    static String className(String suite) {
        return "dbt." + suite.replace(':', '.').replaceAll("[^A-Za-z0-9_.$-]", "_");
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /** Characters XML 1.0 cannot carry at all become U+FFFD. */
    private static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000 ? c : 0xFFFD));
        return out.toString();
    }
}
