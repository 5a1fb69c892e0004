package dev.testbed.lake;

import dev.testbed.core.Lake;
import dev.testbed.core.Sql;
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

    /**
     * Every data file the lake's current snapshot lists for {@code schema.table} of each table; empty for remote data
     * paths. The loader checks that each still exists, and stamps them for its next up-to-date check (see {@link LoadProof}).
     */
    static List<Path> listed(Lake lake, String schema, List<String> tables) throws SQLException {
        List<Path> files = new ArrayList<>();
        if (!lake.location().isLocalDataPath()) {
            return files;
        }
        for (String table : tables) {
            String sql = "SELECT data_file FROM ducklake_list_files(" + Sql.literal(lake.location().alias()) + ", " + Sql.literal(table)
                    + ", schema => " + Sql.literal(schema) + ")";
            try (Statement statement = lake.connection().createStatement(); ResultSet rs = statement.executeQuery(sql)) {
                while (rs.next()) {
                    files.add(Path.of(rs.getString(1)));
                }
            }
        }
        return files;
    }
}
