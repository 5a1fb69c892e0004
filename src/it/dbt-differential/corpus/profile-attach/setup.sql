-- Run once on the fresh lake (attached as lake, USE lake). The harness must replace ${DIFF_LAKE_DIR} with the lake's
-- folder before running it: the read-only DuckDB file the profile attaches as `ref` is created here, next to the lake.
CREATE SCHEMA raw;
CREATE TABLE raw.orders AS
SELECT * FROM (VALUES
    (1, 'N', CAST(10.50 AS DECIMAL(10, 2)), DATE '2024-01-01'),
    (2, 'N', CAST(4.25 AS DECIMAL(10, 2)), DATE '2024-01-01'),
    (3, 'S', CAST(7.00 AS DECIMAL(10, 2)), DATE '2024-01-02'),
    (4, 'E', CAST(1.75 AS DECIMAL(10, 2)), DATE '2024-01-02'),
    (5, 'W', CAST(2.00 AS DECIMAL(10, 2)), DATE '2024-01-03')
) t(order_id, region_code, amount, order_date);
ATTACH '${DIFF_LAKE_DIR}/ref.duckdb' AS ref_setup;
CREATE TABLE ref_setup.main.regions AS
SELECT * FROM (VALUES ('N', 'North'), ('S', 'South'), ('E', 'East')) t(region_code, region_name);
DETACH ref_setup;
