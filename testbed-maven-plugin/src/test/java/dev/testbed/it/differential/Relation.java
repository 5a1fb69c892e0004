package dev.testbed.it.differential;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table or view of a lake as the comparison sees it: where it is, what kind, and its columns in order with their types.
 *
 * @param kind    {@code BASE TABLE} or {@code VIEW}, as information_schema says
 * @param columns in the relation's column order
 */
public record Relation(String schema, String name, String kind, List<Column> columns) {

    /** A column's name and its type as DuckDB spells it. */
    public record Column(String name, String type) {

        @Override
        public String toString() {
            return name + " " + type;
        }
    }

    public String qualifiedName() {
        return schema + "." + name;
    }

    /** Every relation of catalog {@code alias}, keyed by {@code schema.name}, in name order. */
    public static Map<String, Relation> list(Connection connection, String alias) throws SQLException {
        Map<String, Relation> relations = new LinkedHashMap<>();
        try (PreparedStatement tables = connection.prepareStatement("SELECT table_schema, table_name, table_type FROM information_schema.tables "
                + "WHERE table_catalog = ? ORDER BY table_schema, table_name")) {
            tables.setString(1, alias);
            try (ResultSet rs = tables.executeQuery()) {
                while (rs.next()) {
                    Relation relation = new Relation(rs.getString(1), rs.getString(2), rs.getString(3), new ArrayList<>());
                    relations.put(relation.qualifiedName(), relation);
                }
            }
        }
        try (PreparedStatement columns = connection.prepareStatement("SELECT table_schema, table_name, column_name, data_type "
                + "FROM information_schema.columns WHERE table_catalog = ? ORDER BY table_schema, table_name, ordinal_position")) {
            columns.setString(1, alias);
            try (ResultSet rs = columns.executeQuery()) {
                while (rs.next()) {
                    Relation relation = relations.get(rs.getString(1) + "." + rs.getString(2));
                    if (relation != null) {
                        relation.columns().add(new Column(rs.getString(3), rs.getString(4)));
                    }
                }
            }
        }
        return relations;
    }
}
