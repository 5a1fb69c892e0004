-- Two new orders before each run; before run 3 (8 orders loaded) also one without a customer, which the not_null
-- constraint of orders_contracted refuses.
INSERT INTO raw.orders
  SELECT max(order_id) + 1, 14, 9.99, max(ordered_at) + 1, 'new' FROM raw.orders
  UNION ALL SELECT max(order_id) + 2, 10, 0.50, max(ordered_at) + 1, NULL FROM raw.orders;
INSERT INTO raw.orders
  SELECT max(order_id) + 1, NULL, 1.00, max(ordered_at), 'anonymous' FROM raw.orders HAVING count(*) = 10;
