package dev.testbed.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

/**
 * Recognises a test query that returns exactly the rows of one relation matching a condition, {@code select <columns>
 * from <relation> where <condition>}, by DuckDB's own parse tree ({@code json_serialize_sql}): such a query has as many
 * rows as {@code count(*) filter (where <condition>)} counts over the relation. Anything that could change the number of
 * rows or fail where the count does not (an aggregate, a computed column, {@code distinct}, {@code limit}, a join, a
 * CTE, grouping, an alias on the relation, a time-travel clause) is not recognised.
 */
final class FilterQuery {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SELECT = "SELECT ";

    private FilterQuery() {
    }

    /**
     * The condition of {@code sql} over {@code relation}, as DuckDB prints it, when the query is such a filter and both
     * it and the condition bind on {@code connection} (a column it names that the relation lacks is an error the test's
     * own query reports); else empty.
     */
    static Optional<String> condition(Connection connection, String sql, String relation) {
        try {
            JsonNode query = parsed(connection, sql);
            JsonNode node = query == null ? null : query.get("node");
            JsonNode table = table(connection, relation);
            // a parameter (?) would fail the test's own query, which has no values for it
            if (node == null || table == null || !isEmpty(query.get("named_param_map")) || !isFilter(node)
                    || !sameTable(node.get("from_table"), table)) {
                return Optional.empty();
            }
            // the condition alone, printed by DuckDB from its parse tree: the query's where clause as its only column
            ObjectNode conditionOnly = ((ObjectNode) query.deepCopy());
            ObjectNode select = (ObjectNode) conditionOnly.get("node");
            ArrayNode list = JSON.createArrayNode().add(node.get("where_clause"));
            select.set("select_list", list);
            select.putNull("where_clause");
            select.set("from_table", JSON.createObjectNode().put("type", "EMPTY").put("alias", "").putNull("sample"));
            String printed = deserialized(connection, "{\"error\":false,\"statements\":[" + JSON.writeValueAsString(conditionOnly) + "]}");
            if (printed == null || !printed.startsWith(SELECT)) {
                return Optional.empty();
            }
            String condition = printed.substring(SELECT.length());
            // the test's own query and the count must bind: neither runs here
            try (PreparedStatement own = connection.prepareStatement(sql);
                 PreparedStatement count = connection.prepareStatement("select count(*) filter (where " + condition + ") from " + relation)) {
                return Optional.of(condition);
            }
        } catch (SQLException | IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether the parsed select is {@code select <columns or *> from <one table> where <condition>} and nothing more. */
    private static boolean isFilter(JsonNode node) {
        JsonNode from = node.get("from_table");
        return "SELECT_NODE".equals(node.path("type").asText()) && isEmpty(node.get("modifiers")) && isEmpty(node.path("cte_map").get("map"))
                && isEmpty(node.get("group_expressions")) && isEmpty(node.get("group_sets")) && isNull(node.get("having"))
                && isNull(node.get("sample")) && isNull(node.get("qualify")) && "STANDARD_HANDLING".equals(node.path("aggregate_handling").asText())
                && node.hasNonNull("where_clause") && plainColumns(node.get("select_list"))
                && from != null && "BASE_TABLE".equals(from.path("type").asText()) && from.path("alias").asText().isEmpty()
                && isNull(from.get("sample")) && isNull(from.get("at_clause")) && isEmpty(from.get("column_name_alias"));
    }

    /** Columns or a plain {@code *}: nothing that aggregates (one row from none) or computes (an error on no row is none). */
    private static boolean plainColumns(JsonNode list) {
        if (list == null || !list.isArray() || list.isEmpty()) {
            return false;
        }
        for (JsonNode column : list) {
            String kind = column.path("class").asText();
            boolean plainStar = kind.equals("STAR") && !column.path("columns").asBoolean(true) && isNull(column.get("expr"))
                    && isEmpty(column.get("replace_list"));
            if (!kind.equals("COLUMN_REF") && !plainStar) {
                return false;
            }
        }
        return true;
    }

    /** The table that {@code select * from <relation>} reads, as DuckDB parses it. */
    private static JsonNode table(Connection connection, String relation) throws SQLException, IOException {
        JsonNode parsed = parsed(connection, "select * from " + relation);
        return parsed == null ? null : parsed.path("node").get("from_table");
    }

    /** Whether both name the same catalog, schema and table (DuckDB's names are case-insensitive). */
    private static boolean sameTable(JsonNode a, JsonNode b) {
        for (String part : new String[] {"catalog_name", "schema_name", "table_name"}) {
            if (!a.path(part).asText().toLowerCase(Locale.ROOT).equals(b.path(part).asText().toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        return true;
    }

    /** The only statement of {@code sql} as DuckDB parses it; null when it does not parse or holds several. */
    private static JsonNode parsed(Connection connection, String sql) throws SQLException, IOException {
        try (PreparedStatement statement = connection.prepareStatement("select json_serialize_sql(?::VARCHAR)")) {
            statement.setString(1, sql);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                JsonNode tree = JSON.readTree(row.getString(1));
                JsonNode statements = tree.get("statements");
                return tree.path("error").asBoolean(true) || statements == null || statements.size() != 1 ? null : statements.get(0);
            }
        }
    }

    private static String deserialized(Connection connection, String json) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select json_deserialize_sql(?::JSON)")) {
            statement.setString(1, json);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    /** Present and empty: a field the parse tree lacks (another DuckDB's format) proves nothing. */
    private static boolean isEmpty(JsonNode node) {
        return node != null && (node.isNull() || node.isContainerNode() && node.isEmpty());
    }

    /** Present and null. */
    private static boolean isNull(JsonNode node) {
        return node != null && node.isNull();
    }
}
