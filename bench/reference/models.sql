-- Bare-DuckDB reference, stage "models": the seed's staging views and metrics, written the seed's naive way
-- (each metric joins its dimension to every sale, groups by every dimension column and counts distinct
-- transactions), as plain SQL in one session. The metrics are materialized as tables, as the sample's are.
-- The seed's dbt project itself is not in this repository (/work/shared/seed holds only its README); this is
-- the same metrics over the same columns, so that bench/speed.sh can also run it on the sample's raw tables
-- and compare the results with the sample's models column by column.
-- ${source} is where the raw tables are (lake.raw), ${target} where the models go (lake.main).

CREATE VIEW ${target}.stg_customers AS
SELECT customer_id, trim(customer_name) AS customer_name, lower(trim(email)) AS email, signup_date, lower(tier) AS tier,
       valid_from, valid_to, is_current
FROM ${source}.raw_customers;

CREATE VIEW ${target}.stg_stores AS
SELECT store_id, trim(store_name) AS store_name, trim(location) AS location, lower(store_type) AS store_type, opened_date,
       valid_from, valid_to, is_current
FROM ${source}.raw_stores;

CREATE VIEW ${target}.stg_products AS
SELECT product_id, trim(product_name) AS product_name, category, base_price
FROM ${source}.raw_products;

CREATE VIEW ${target}.stg_sales AS
SELECT transaction_id, customer_id, store_id, product_id, sale_date, quantity, unit_price, amount
FROM ${source}.raw_sales;

CREATE TABLE ${target}.customer_metrics AS
SELECT c.customer_id, c.customer_name, c.email, c.tier, c.signup_date,
       count(DISTINCT s.transaction_id) AS total_purchases,
       coalesce(sum(s.amount), 0) AS lifetime_value,
       min(s.sale_date) AS first_purchase_date,
       max(s.sale_date) AS last_purchase_date,
       round(avg(s.amount), 2) AS avg_purchase_amount
FROM ${target}.stg_customers c
LEFT JOIN ${target}.stg_sales s ON c.customer_id = s.customer_id
WHERE c.is_current
GROUP BY c.customer_id, c.customer_name, c.email, c.tier, c.signup_date;

CREATE TABLE ${target}.store_metrics AS
SELECT st.store_id, st.store_name, st.location, st.store_type, st.opened_date,
       count(DISTINCT s.transaction_id) AS total_sales,
       count(DISTINCT s.customer_id) AS unique_customers,
       coalesce(sum(s.amount), 0) AS total_revenue,
       round(avg(s.amount), 2) AS avg_sale_amount,
       min(s.sale_date) AS first_sale_date,
       max(s.sale_date) AS last_sale_date
FROM ${target}.stg_stores st
LEFT JOIN ${target}.stg_sales s ON st.store_id = s.store_id
WHERE st.is_current
GROUP BY st.store_id, st.store_name, st.location, st.store_type, st.opened_date;

CREATE TABLE ${target}.product_metrics AS
SELECT p.product_id, p.product_name, p.category, p.base_price,
       count(DISTINCT s.transaction_id) AS times_sold,
       coalesce(sum(s.quantity), 0) AS total_quantity_sold,
       coalesce(sum(s.amount), 0) AS total_revenue,
       count(DISTINCT s.customer_id) AS unique_customers,
       count(DISTINCT s.store_id) AS stores_sold_in
FROM ${target}.stg_products p
LEFT JOIN ${target}.stg_sales s ON p.product_id = s.product_id
GROUP BY p.product_id, p.product_name, p.category, p.base_price;
