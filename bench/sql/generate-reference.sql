-- The bare-DuckDB reference for generate-data: the four raw tables, the same shapes and sizes as generate-data's
-- (-Dtestbed.scale=S gives customers 5000*S keys with one to four SCD2 versions, stores 50*sqrt(S) keys with one to
-- three, products 500*sqrt(S), sales 100000*S), written with plain SQL in one DuckDB session, one COPY per table to
-- one Parquet file each, with generate-data's Parquet options. What a user would write by hand: random() instead of
-- seeded hashes, no split into month files, no atomic renames, no manifest.
-- Placeholders, replaced before running: ${customers} ${stores} ${products} ${sales} (counts), ${start} ${end}
-- (the sales window, yyyy-MM-dd) and ${dir} (an existing folder). Statements end with a semicolon at a line's end.

COPY (
  WITH keys AS (
    SELECT i + 1 AS customer_id,
           DATE '${start}' - 730 + CAST(floor(random() * (DATE '${end}' - DATE '${start}' + 700)) AS INTEGER) AS signup_date,
           1 + CAST(random() < 0.35 AS INTEGER) + CAST(random() < 0.12 AS INTEGER) + CAST(random() < 0.04 AS INTEGER) AS versions,
           ['Ava', 'Liam', 'Olivia', 'Noah', 'Emma', 'Oliver', 'Sophia', 'Elijah', 'Isabella', 'James', 'Mia', 'William',
            'Amelia', 'Benjamin', 'Harper', 'Lucas', 'Evelyn', 'Henry', 'Abigail', 'Theodore'][1 + CAST(floor(random() * 20) AS INTEGER)] AS first_name,
           ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
            'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin'][1 + CAST(floor(random() * 20) AS INTEGER)] AS last_name
    FROM range(${customers}) t(i)),
  versions AS (SELECT *, unnest(range(versions)) AS version, DATE '${end}' - signup_date AS span FROM keys)
  SELECT customer_id,
         first_name || ' ' || last_name AS customer_name,
         lower(first_name || '.' || last_name) || '.' || customer_id || CASE WHEN version = 0 THEN '' ELSE '.' || version END
           || '@' || ['example.com', 'mail.test', 'inbox.test', 'post.example'][1 + CAST(floor(random() * 4) AS INTEGER)] AS email,
         signup_date,
         ['bronze', 'silver', 'gold', 'platinum'][1 + CAST(floor(random() * 4) AS INTEGER)] AS tier,
         signup_date + CAST(span * version / versions AS INTEGER) AS valid_from,
         CASE WHEN version < versions - 1 THEN signup_date + CAST(span * (version + 1) / versions AS INTEGER) END AS valid_to,
         version = versions - 1 AS is_current
  FROM versions
) TO '${dir}/customers.parquet' (FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION v2);

COPY (
  WITH keys AS (
    SELECT i + 1 AS store_id,
           DATE '${start}' - 1825 + CAST(floor(random() * 1800) AS INTEGER) AS opened_date,
           1 + CAST(random() < 0.3 AS INTEGER) + CAST(random() < 0.1 AS INTEGER) AS versions
    FROM range(${stores}) t(i)),
  versions AS (SELECT *, unnest(range(versions)) AS version, DATE '${end}' - opened_date AS span FROM keys)
  SELECT store_id,
         ['Main Street', 'Riverside', 'Downtown', 'Harbor', 'Parkview'][1 + CAST(floor(random() * 5) AS INTEGER)] || ' #' || store_id AS store_name,
         ['New York, NY', 'Los Angeles, CA', 'Chicago, IL', 'Houston, TX', 'Phoenix, AZ'][1 + CAST(floor(random() * 5) AS INTEGER)] AS location,
         ['flagship', 'standard', 'outlet', 'express'][1 + CAST(floor(random() * 4) AS INTEGER)] AS store_type,
         opened_date,
         opened_date + CAST(span * version / versions AS INTEGER) AS valid_from,
         CASE WHEN version < versions - 1 THEN opened_date + CAST(span * (version + 1) / versions AS INTEGER) END AS valid_to,
         version = versions - 1 AS is_current
  FROM versions
) TO '${dir}/stores.parquet' (FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION v2);

COPY (
  SELECT i + 1 AS product_id,
         ['Smart', 'Classic', 'Eco', 'Deluxe'][1 + CAST(floor(random() * 4) AS INTEGER)] || ' '
           || ['Lamp', 'Kettle', 'Jacket', 'Novel', 'Puzzle'][1 + CAST(floor(random() * 5) AS INTEGER)] || ' '
           || CAST(100 + floor(random() * 900) AS INTEGER) AS product_name,
         ['Electronics', 'Clothing', 'Home', 'Grocery', 'Sports', 'Books', 'Toys', 'Beauty'][1 + CAST(floor(random() * 8) AS INTEGER)] AS category,
         CAST(1 + random() * 999 AS DECIMAL(10,2)) AS base_price
  FROM range(${products}) t(i)
) TO '${dir}/products.parquet' (FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION v2);

COPY (
  SELECT i + 1 AS transaction_id,
         CAST(1 + floor(random() * ${customers}) AS BIGINT) AS customer_id,
         CAST(1 + floor(random() * ${stores}) AS BIGINT) AS store_id,
         CAST(1 + floor(random() * ${products}) AS BIGINT) AS product_id,
         DATE '${start}' + CAST(floor(i * (DATE '${end}' - DATE '${start}' + 1) / ${sales}) AS INTEGER) AS sale_date,
         CAST(1 + floor(random() * 10) AS INTEGER) AS quantity,
         CAST(1 + random() * 1499 AS DECIMAL(10,2)) AS unit_price,
         CAST(1 + random() * 14999 AS DECIMAL(12,2)) AS amount
  FROM range(${sales}) t(i)
) TO '${dir}/sales.parquet' (FORMAT parquet, COMPRESSION zstd, PARQUET_VERSION v2);
