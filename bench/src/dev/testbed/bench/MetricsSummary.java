package dev.testbed.bench;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * The key figures of the three metrics tables, which the sample's models and the seed's SQL both compute: rows per
 * table, and the sales and revenue they add up to. Printed for the reference and for the sample side by side: the
 * counts match when both have the same sizes; revenue matches only on the same data (the reference generates its own).
 */
record MetricsSummary(long customers, long stores, long products, long purchases, BigDecimal customerRevenue,
                      long storeSales, BigDecimal storeRevenue, long timesSold, BigDecimal productRevenue) {

    static MetricsSummary of(Connection connection, String schema) throws SQLException {
        String sql = "SELECT (SELECT count(*) FROM " + schema + ".customer_metrics), (SELECT count(*) FROM " + schema + ".store_metrics), "
                + "(SELECT count(*) FROM " + schema + ".product_metrics), "
                + "(SELECT sum(total_purchases) FROM " + schema + ".customer_metrics), (SELECT sum(lifetime_value) FROM " + schema + ".customer_metrics), "
                + "(SELECT sum(total_sales) FROM " + schema + ".store_metrics), (SELECT sum(total_revenue) FROM " + schema + ".store_metrics), "
                + "(SELECT sum(times_sold) FROM " + schema + ".product_metrics), (SELECT sum(total_revenue) FROM " + schema + ".product_metrics)";
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return new MetricsSummary(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4), row.getBigDecimal(5),
                    row.getLong(6), row.getBigDecimal(7), row.getLong(8), row.getBigDecimal(9));
        }
    }

    String line(String who) {
        return String.format(Locale.ROOT, "%s metrics customers=%d stores=%d products=%d purchases=%d customer_revenue=%s "
                        + "store_sales=%d store_revenue=%s times_sold=%d product_revenue=%s",
                who, customers, stores, products, purchases, customerRevenue, storeSales, storeRevenue, timesSold, productRevenue);
    }
}
