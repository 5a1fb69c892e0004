-- Bare-DuckDB reference, stage "models": the seed's staging views and metrics tables as plain SQL in one session,
-- each metric written the seed's way: aggregate the sales by key with count(DISTINCT ...) and avg(), then join the
-- dimension. The seed's dbt project itself is not in this repository (/work/shared/seed holds only its README), so
-- this is a reconstruction over the sample's columns; joining every sale to its dimension first and grouping by every
-- dimension column costs about twice the CPU (3.1 s against 1.7 s at 1 M sales), further from the issue's 11.1 s.
-- bench/speed.sh also runs it on the sample's own raw tables and compares the results with the sample's models.
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
WITH customers AS (
    SELECT * FROM ${target}.stg_customers WHERE is_current
),
purchases AS (
    SELECT customer_id,
           count(DISTINCT transaction_id) AS total_purchases,
           sum(amount) AS lifetime_value,
           min(sale_date) AS first_purchase_date,
           max(sale_date) AS last_purchase_date,
           avg(amount) AS avg_purchase_amount
    FROM ${target}.stg_sales
    GROUP BY customer_id
)
SELECT c.customer_id, c.customer_name, c.email, c.tier, c.signup_date,
       coalesce(p.total_purchases, 0) AS total_purchases,
       coalesce(p.lifetime_value, 0) AS lifetime_value,
       p.first_purchase_date,
       p.last_purchase_date,
       round(p.avg_purchase_amount, 2) AS avg_purchase_amount
FROM customers c
LEFT JOIN purchases p ON c.customer_id = p.customer_id;

CREATE TABLE ${target}.store_metrics AS
WITH stores AS (
    SELECT * FROM ${target}.stg_stores WHERE is_current
),
sales AS (
    SELECT store_id,
           count(DISTINCT transaction_id) AS total_sales,
           count(DISTINCT customer_id) AS unique_customers,
           sum(amount) AS total_revenue,
           avg(amount) AS avg_sale_amount,
           min(sale_date) AS first_sale_date,
           max(sale_date) AS last_sale_date
    FROM ${target}.stg_sales
    GROUP BY store_id
)
SELECT st.store_id, st.store_name, st.location, st.store_type, st.opened_date,
       coalesce(s.total_sales, 0) AS total_sales,
       coalesce(s.unique_customers, 0) AS unique_customers,
       coalesce(s.total_revenue, 0) AS total_revenue,
       round(s.avg_sale_amount, 2) AS avg_sale_amount,
       s.first_sale_date,
       s.last_sale_date
FROM stores st
LEFT JOIN sales s ON st.store_id = s.store_id;

CREATE TABLE ${target}.product_metrics AS
WITH sales AS (
    SELECT product_id,
           count(DISTINCT transaction_id) AS times_sold,
           sum(quantity) AS total_quantity_sold,
           sum(amount) AS total_revenue,
           count(DISTINCT customer_id) AS unique_customers,
           count(DISTINCT store_id) AS stores_sold_in
    FROM ${target}.stg_sales
    GROUP BY product_id
)
SELECT p.product_id, p.product_name, p.category, p.base_price,
       coalesce(s.times_sold, 0) AS times_sold,
       coalesce(s.total_quantity_sold, 0) AS total_quantity_sold,
       coalesce(s.total_revenue, 0) AS total_revenue,
       coalesce(s.unique_customers, 0) AS unique_customers,
       coalesce(s.stores_sold_in, 0) AS stores_sold_in
FROM ${target}.stg_products p
LEFT JOIN sales s ON p.product_id = s.product_id;
