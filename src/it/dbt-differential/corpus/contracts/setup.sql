CREATE SCHEMA raw;
CREATE TABLE raw.orders (order_id INTEGER, customer_id INTEGER, amount DECIMAL(10, 2), ordered_at DATE, note VARCHAR);
INSERT INTO raw.orders VALUES
  (1, 10, 3.50, DATE '2024-01-01', 'first'),
  (2, 11, 2.25, DATE '2024-01-01', NULL),
  (3, 10, 7.00, DATE '2024-01-02', 'gift'),
  (4, 12, 1.10, DATE '2024-01-02', NULL),
  (5, 13, 4.40, DATE '2024-01-03', NULL),
  (6, 11, 3.50, DATE '2024-01-03', 'rush');
