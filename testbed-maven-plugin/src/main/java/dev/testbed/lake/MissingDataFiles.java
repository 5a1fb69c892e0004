package dev.testbed.lake;

import dev.testbed.core.Lake;
import dev.testbed.core.Sql;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Data files the lake's catalog lists for some tables but that no longer exist on a local data path,
 * for example after someone deleted part of the lake's folder. DuckDB only notices when a query reads
 * such a file ("Cannot open file"); the loader looks first and reloads instead of trusting the lake.
 */
final class MissingDataFiles {

    private MissingDataFiles() {
    }

    /** Missing files of {@code schema.table} for each table, in the lake's current snapshot; empty for remote data paths. */
    static List<String> of(Lake lake, String schema, List<String> tables) throws SQLException {
        List<String> missing = new ArrayList<>();
        if (!lake.location().isLocalDataPath()) {
            return missing;
        }
        for (String table : tables) {
            String sql = "SELECT data_file FROM ducklake_list_files(" + Sql.literal(lake.location().alias()) + ", " + Sql.literal(table)
                    + ", schema => " + Sql.literal(schema) + ")";
            try (Statement statement = lake.connection().createStatement(); ResultSet rs = statement.executeQuery(sql)) {
                while (rs.next()) {
                    if (!Files.exists(Path.of(rs.getString(1)))) {
                        missing.add(rs.getString(1));
                    }
                }
            }
        }
        return missing;
    }
}
