-- Bare-DuckDB reference, stage "load": the four Parquet files into the raw schema of a fresh DuckLake, as one
-- transaction (one snapshot), as load-ducklake does. ${dir} holds the Parquet files, ${lake} the new lake.
ATTACH 'ducklake:${lake}/catalog.ducklake' AS lake (DATA_PATH '${lake}/data/');
BEGIN;
CREATE SCHEMA lake.raw;
CREATE TABLE lake.raw.raw_customers AS SELECT * FROM read_parquet('${dir}/raw_customers.parquet');
CREATE TABLE lake.raw.raw_stores AS SELECT * FROM read_parquet('${dir}/raw_stores.parquet');
CREATE TABLE lake.raw.raw_products AS SELECT * FROM read_parquet('${dir}/raw_products.parquet');
CREATE TABLE lake.raw.raw_sales AS SELECT * FROM read_parquet('${dir}/raw_sales.parquet');
COMMIT;
