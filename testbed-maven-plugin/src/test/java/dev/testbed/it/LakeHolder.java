package dev.testbed.it;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.duckdb.DuckDBDriver;

/**
 * A separate process that holds a DuckDB-file lake open, as a DuckDB client or another build would: it
 * attaches {@code args[0]} (creating it with data path {@code args[1]}), prints {@code holding <pid>} and
 * keeps the lake until its standard input closes.
 */
public final class LakeHolder {

    private LakeHolder() {
    }

    public static void main(String[] args) throws SQLException, IOException {
        try (Connection connection = new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
             Statement statement = connection.createStatement()) {
            statement.execute("ATTACH 'ducklake:" + args[0].replace("'", "''") + "' AS lake (DATA_PATH '" + args[1].replace("'", "''") + "')");
            System.out.println("holding " + ProcessHandle.current().pid());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our input
            }
        }
    }
}
