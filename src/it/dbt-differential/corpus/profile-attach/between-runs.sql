-- One more order per run, in a region the reference file does not know every other time.
INSERT INTO raw.orders
SELECT max(order_id) + 1, CASE WHEN max(order_id) % 2 = 0 THEN 'S' ELSE 'X' END, CAST(3.30 AS DECIMAL(10, 2)), max(order_date) + 1
FROM raw.orders;
