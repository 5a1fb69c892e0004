package dev.testbed.core;

/** The column types of the warehouse contract, in DuckDB's SQL names. */
public sealed interface ColumnType {

    String sql();

    static ColumnType decimal(int precision, int scale) {
        return new Decimal(precision, scale);
    }

    enum Simple implements ColumnType {
        BIGINT, INTEGER, VARCHAR, DATE, BOOLEAN;

        @Override
        public String sql() {
            return name();
        }
    }

    record Decimal(int precision, int scale) implements ColumnType {
        @Override
        public String sql() {
            return "DECIMAL(" + precision + "," + scale + ")";
        }
    }
}
