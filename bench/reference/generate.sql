-- Bare-DuckDB reference, stage "generate": the four raw tables of the sample's shapes and sizes, written with
-- plain SQL straight to Parquet, one COPY per table. Deterministic (every random choice is a hash of the key),
-- but not the generator's data: only the shapes, types and row counts are meant to match generate-data's
-- (at -Dtestbed.scale=100: 500 k customers with 1 to 4 SCD2 versions, 500 stores with 1 to 3, 5 k products,
-- 10 M sales over 2023-01-01 .. 2025-12-31).
-- ${customers}, ${stores}, ${products}, ${sales} and ${dir} are filled in by ReferenceBuild.

-- a whole number in [0, n) that depends only on the key and the salt
CREATE TEMP MACRO rnd(k, salt, n) AS CAST(hash(k, salt) % n AS BIGINT);
-- SCD2 version j of versions spans an equal share of the days from first to the end of the sales window
CREATE TEMP MACRO version_start(first, j, versions) AS first + CAST((DATE '2025-12-31' - first) * j // versions AS INTEGER);
CREATE TEMP MACRO version_end(first, j, versions) AS CASE WHEN j < versions - 1 THEN version_start(first, j + 1, versions) END;

COPY (
    WITH keys AS (
        SELECT k AS customer_id,
               DATE '2021-01-01' + CAST(floor((DATE '2025-12-01' - DATE '2021-01-01') * pow(k / ${customers}.0, 0.7)) AS INTEGER)
                   AS signup_date,
               1 + CAST(rnd(k, 1, 100) < 35 AS INTEGER) + CAST(rnd(k, 2, 100) < 12 AS INTEGER)
                 + CAST(rnd(k, 3, 100) < 4 AS INTEGER) AS versions
        FROM range(1, ${customers} + 1) t(k)
    ),
    history AS (
        SELECT *, unnest(range(versions)) AS version FROM keys
    )
    SELECT CAST(customer_id AS BIGINT) AS customer_id,
           ['Ava', 'Liam', 'Olivia', 'Noah', 'Emma', 'Mateo', 'Priya', 'Wei'][1 + rnd(customer_id, 4, 8)]
               || ' ' || ['Smith', 'Garcia', 'Kim', 'Patel', 'Novak', 'Silva', 'Okafor', 'Tanaka'][1 + rnd(customer_id, 5, 8)]
               AS customer_name,
           'customer.' || customer_id || CASE WHEN rnd(customer_id, 10 + version, 10) < 3 THEN '.' || version ELSE '' END
               || '@example.com' AS email,
           signup_date,
           ['bronze', 'silver', 'gold', 'platinum'][1 + (rnd(customer_id, 6, 4) + version) % 4] AS tier,
           version_start(signup_date, version, versions) AS valid_from,
           version_end(signup_date, version, versions) AS valid_to,
           version = versions - 1 AS is_current
    FROM history
) TO '${dir}/raw_customers.parquet' (FORMAT parquet, COMPRESSION zstd);

COPY (
    WITH keys AS (
        SELECT k AS store_id,
               DATE '2018-01-01' + CAST(floor((DATE '2025-11-01' - DATE '2018-01-01') * pow(k / ${stores}.0, 1.6)) AS INTEGER)
                   AS opened_date,
               1 + CAST(rnd(k, 21, 100) < 30 AS INTEGER) + CAST(rnd(k, 22, 100) < 10 AS INTEGER) AS versions
        FROM range(1, ${stores} + 1) t(k)
    ),
    history AS (
        SELECT *, unnest(range(versions)) AS version FROM keys
    )
    SELECT CAST(store_id AS BIGINT) AS store_id,
           ['Northgate', 'Riverside', 'Lakeside', 'Downtown', 'Harbor', 'Midtown'][1 + rnd(store_id, 23, 6)] || ' #' || store_id
               AS store_name,
           ['New York, NY', 'Chicago, IL', 'Austin, TX', 'Seattle, WA', 'Boston, MA', 'Denver, CO'][1 + (rnd(store_id, 24, 6) + version) % 6]
               AS location,
           ['flagship', 'standard', 'outlet', 'express'][1 + rnd(store_id, 25, 4)] AS store_type,
           opened_date,
           version_start(opened_date, version, versions) AS valid_from,
           version_end(opened_date, version, versions) AS valid_to,
           version = versions - 1 AS is_current
    FROM history
) TO '${dir}/raw_stores.parquet' (FORMAT parquet, COMPRESSION zstd);

-- a product's base price is a function of its id, so that sales can price it without a join
CREATE TEMP MACRO base_cents(product_id) AS 100 + rnd(product_id, 31, 50000);

COPY (
    SELECT CAST(k AS BIGINT) AS product_id,
           ['Classic', 'Deluxe', 'Eco', 'Pro', 'Smart', 'Vintage'][1 + rnd(k, 32, 6)] || ' '
               || ['Lamp', 'Kettle', 'Speaker', 'Jacket', 'Novel', 'Puzzle', 'Tea', 'Soap'][1 + rnd(k, 33, 8)] || ' ' || k
               AS product_name,
           ['Electronics', 'Clothing', 'Home', 'Grocery', 'Sports', 'Books', 'Toys', 'Beauty'][1 + rnd(k, 34, 8)] AS category,
           CAST(CAST(base_cents(k) AS DECIMAL(18, 0)) * 0.01 AS DECIMAL(10, 2)) AS base_price
    FROM range(1, ${products} + 1) t(k)
) TO '${dir}/raw_products.parquet' (FORMAT parquet, COMPRESSION zstd);

-- sales in transaction order, which is date order; customers, stores and products skewed to low ids. Two hashes a
-- row, each cut into several uniform numbers: hashing is most of the work.
COPY (
    SELECT CAST(i + 1 AS BIGINT) AS transaction_id,
           CAST(1 + floor(${customers} * uc * uc) AS BIGINT) AS customer_id,
           CAST(1 + floor(${stores} * us * sqrt(us)) AS BIGINT) AS store_id,
           product_id,
           DATE '2023-01-01' + CAST(i * (DATE '2025-12-31' - DATE '2023-01-01' + 1) // ${sales} AS INTEGER) AS sale_date,
           quantity,
           CAST(CAST(unit_cents AS DECIMAL(18, 0)) * 0.01 AS DECIMAL(10, 2)) AS unit_price,
           CAST(CAST(unit_cents * quantity AS DECIMAL(18, 0)) * 0.01 AS DECIMAL(12, 2)) AS amount
    FROM (
        SELECT i, uc, us, product_id, quantity, (base_cents(product_id) * (100 - discount) + 99) // 100 AS unit_cents
        FROM (
            SELECT i, (h1 >> 32) / 4294967296.0 AS uc, (h1 & 4294967295) / 4294967296.0 AS us,
                   CAST(1 + floor(${products} * ((h2 >> 32) / 4294967296.0) * ((h2 >> 32) / 4294967296.0)) AS BIGINT) AS product_id,
                   CAST(1 + ((h2 >> 16) & 65535) % 5 AS INTEGER) AS quantity,
                   CAST((h2 & 65535) % 11 AS INTEGER) AS discount
            FROM (SELECT i, hash(i) AS h1, hash(i + 1000000000000) AS h2 FROM range(0, ${sales}) t(i))
        )
    )
) TO '${dir}/raw_sales.parquet' (FORMAT parquet, COMPRESSION zstd);
