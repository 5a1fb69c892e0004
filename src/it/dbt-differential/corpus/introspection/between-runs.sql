INSERT INTO raw.orders SELECT 100 + count(*), 12, 'status_' || count(*), 2.50, DATE '2024-03-01' FROM raw.orders;
CREATE TABLE IF NOT EXISTS raw.legacy_orders AS SELECT order_id, amount FROM raw.orders WHERE status = 'shipped';
