package dev.testbed.core;

import static dev.testbed.core.ColumnType.Simple.BIGINT;
import static dev.testbed.core.ColumnType.Simple.BOOLEAN;
import static dev.testbed.core.ColumnType.Simple.DATE;
import static dev.testbed.core.ColumnType.Simple.INTEGER;
import static dev.testbed.core.ColumnType.Simple.VARCHAR;
import static dev.testbed.core.ColumnType.decimal;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The four source tables of the warehouse contract (DESIGN.md): what generate-data writes as Parquet
 * and load-ducklake loads into schema {@value #SCHEMA}. Column names are the seed project's, so a dbt
 * project written for the seed runs unchanged; money is DECIMAL.
 */
public enum RawTable {

    CUSTOMERS("raw_customers", "customers",
            new Column("customer_id", BIGINT),
            new Column("customer_name", VARCHAR),
            new Column("email", VARCHAR),
            new Column("signup_date", DATE),
            new Column("tier", VARCHAR),
            new Column("valid_from", DATE),
            new Column("valid_to", DATE),
            new Column("is_current", BOOLEAN)),
    STORES("raw_stores", "stores",
            new Column("store_id", BIGINT),
            new Column("store_name", VARCHAR),
            new Column("location", VARCHAR),
            new Column("store_type", VARCHAR),
            new Column("opened_date", DATE),
            new Column("valid_from", DATE),
            new Column("valid_to", DATE),
            new Column("is_current", BOOLEAN)),
    PRODUCTS("raw_products", "products",
            new Column("product_id", BIGINT),
            new Column("product_name", VARCHAR),
            new Column("category", VARCHAR),
            new Column("base_price", decimal(10, 2))),
    SALES("raw_sales", "sales",
            new Column("transaction_id", BIGINT),
            new Column("customer_id", BIGINT),
            new Column("store_id", BIGINT),
            new Column("product_id", BIGINT),
            new Column("sale_date", DATE),
            new Column("quantity", INTEGER),
            new Column("unit_price", decimal(10, 2)),
            new Column("amount", decimal(12, 2)));

    public static final String SCHEMA = "raw";

    private final String tableName;
    private final String stem;
    private final List<Column> columns;

    RawTable(String tableName, String stem, Column... columns) {
        this.tableName = tableName;
        this.stem = stem;
        this.columns = List.of(columns);
    }

    /** Name of the table in the lake, e.g. {@code raw_sales}. */
    public String tableName() {
        return tableName;
    }

    public String qualifiedName() {
        return SCHEMA + "." + tableName;
    }

    /** Name of the Parquet file that holds it when it is one file, e.g. {@code sales.parquet}. */
    public String fileName() {
        return stem + ".parquet";
    }

    /** Name of the folder that holds its files when it is split into several, e.g. {@code sales}. */
    public String folderName() {
        return stem;
    }

    /**
     * The DATE column by whose year and month the lake partitions this table, if any: {@code raw_sales}
     * by {@code sale_date}, so that a query or incremental model bounded by dates reads only the files
     * of the months it needs.
     */
    public Optional<String> monthPartitionColumn() {
        return this == SALES ? Optional.of("sale_date") : Optional.empty();
    }

    public List<Column> columns() {
        return columns;
    }

    public String columnList() {
        return columns.stream().map(Column::name).collect(Collectors.joining(", "));
    }

    public String columnDefinitions() {
        return columns.stream().map(c -> c.name() + " " + c.type().sql()).collect(Collectors.joining(", "));
    }
}
