package dev.testbed.project;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.testbed.core.TestbedException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A YAML document read with Jackson's YAML parser into a small tree that remembers the line of every
 * value, so that the loader can say "schema.yml, line 12: ..." about content errors too, not only about
 * syntax errors. Anchors, aliases and {@code <<} merge keys are resolved, as PyYAML (and so dbt) does.
 */
public final class YamlTree {

    private static final YAMLFactory FACTORY = new YAMLFactory();

    /** A value of the document and the line (1-based) where it starts. */
    public sealed interface Node permits Scalar, MapNode, ListNode {
        int line();

        /** The value as plain Java objects: {@code Map<String, Object>}, {@code List<Object>}, String, Number, Boolean or null. */
        Object plain();
    }

    public record Scalar(Object value, int line) implements Node {
        @Override
        public Object plain() {
            return value;
        }

        /** The value as text, or null for a YAML null. */
        public String text() {
            return value == null ? null : value.toString();
        }
    }

    public record MapNode(Map<String, Node> entries, int line) implements Node {
        @Override
        public Object plain() {
            Map<String, Object> plain = new LinkedHashMap<>();
            entries.forEach((key, value) -> plain.put(key, value.plain()));
            return plain;
        }

        public Node get(String key) {
            return entries.get(key);
        }
    }

    public record ListNode(List<Node> items, int line) implements Node {
        @Override
        public Object plain() {
            List<Object> plain = new ArrayList<>(items.size());
            items.forEach(item -> plain.add(item.plain()));
            return plain;
        }
    }

    private final String fileName;
    private final Consumer<String> warnings;
    private final YAMLParser parser;
    private final Map<String, Node> anchors = new HashMap<>();

    private YamlTree(String fileName, String text, Consumer<String> warnings) throws IOException {
        this.fileName = fileName;
        this.warnings = warnings;
        this.parser = FACTORY.createParser(text);
    }

    /**
     * Parses one YAML document.
     *
     * @param fileName how messages name the file (project-relative)
     * @return the root node, or null for an empty document
     * @throws TestbedException for a syntax error, naming the file and line
     */
    public static Node parse(String fileName, String text, Consumer<String> warnings) {
        try {
            YamlTree tree = new YamlTree(fileName, text, warnings);
            try (YAMLParser parser = tree.parser) {
                JsonToken first = parser.nextToken();
                return first == null ? null : tree.value(first);
            }
        } catch (JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            String where = location == null || location.getLineNr() < 1 ? fileName
                    : fileName + ", line " + location.getLineNr() + ", column " + location.getColumnNr();
            throw new TestbedException("Invalid YAML in " + where + ": " + describe(e),
                    "Fix the YAML there: check the indentation, a missing ':' after a key, or unbalanced quotes.");
        } catch (IOException e) {
            throw new TestbedException("Cannot read " + fileName + ": " + e.getMessage(), "Check that the file is readable.", e);
        }
    }

    /** SnakeYAML's messages repeat the location and quote the source; keep the explanation. */
    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? e.toString() : e.getOriginalMessage();
        List<String> kept = new ArrayList<>();
        for (String line : message.split("\\R")) {
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("in 'reader'") || stripped.startsWith("in 'string'")
                    || stripped.matches("\\^+") || line.startsWith("    ")) {
                continue;
            }
            kept.add(stripped);
        }
        return kept.isEmpty() ? message.strip() : String.join(", ", kept);
    }

    private int line() {
        return parser.getTokenLocation().getLineNr();
    }

    private Node value(JsonToken token) throws IOException {
        int line = line();
        String anchor = parser.getObjectId();
        Node node = switch (token) {
            case START_OBJECT -> map(line);
            case START_ARRAY -> list(line);
            case VALUE_STRING -> parser.isCurrentAlias() ? alias(parser.getText(), line) : new Scalar(parser.getText(), line);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new Scalar(parser.getNumberValue(), line);
            case VALUE_TRUE -> new Scalar(Boolean.TRUE, line);
            case VALUE_FALSE -> new Scalar(Boolean.FALSE, line);
            case VALUE_NULL -> new Scalar(null, line);
            case VALUE_EMBEDDED_OBJECT -> new Scalar(parser.getEmbeddedObject(), line);
            default -> throw new IllegalStateException("Unexpected YAML token " + token + " in " + fileName + ", line " + line);
        };
        if (anchor != null) {
            anchors.put(anchor, node);
        }
        return node;
    }

    private Node alias(String name, int line) {
        Node target = anchors.get(name);
        if (target == null) {
            throw new TestbedException(fileName + ", line " + line + ": the alias *" + name + " refers to no anchor &" + name + " above it",
                    "Define the anchor (&" + name + ") before its first use.");
        }
        return target;
    }

    private MapNode map(int line) throws IOException {
        Map<String, Node> entries = new LinkedHashMap<>();
        List<Node> merged = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            int keyLine = line();
            Node value = value(parser.nextToken());
            if (key.equals("<<")) {
                merged.add(value);
            } else if (entries.put(key, value) != null) {
                warnings.accept(fileName + ", line " + keyLine + ": key '" + key + "' appears twice in the same mapping; the later value is used");
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new IllegalStateException("Unexpected YAML token " + token + " in " + fileName + ", line " + line());
        }
        for (Node source : merged) {
            List<Node> sources = source instanceof ListNode many ? many.items() : List.of(source);
            for (Node one : sources) {
                if (!(one instanceof MapNode mapping)) {
                    throw new TestbedException(fileName + ", line " + one.line() + ": a '<<' merge key needs a mapping (or a list of mappings)",
                            "Merge an anchored mapping, e.g. '<<: *defaults'.");
                }
                mapping.entries().forEach(entries::putIfAbsent);
            }
        }
        return new MapNode(entries, line);
    }

    private ListNode list(int line) throws IOException {
        List<Node> items = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new IllegalStateException("YAML list not closed in " + fileName + ", line " + line);
            }
            items.add(value(token));
        }
        return new ListNode(items, line);
    }
}
