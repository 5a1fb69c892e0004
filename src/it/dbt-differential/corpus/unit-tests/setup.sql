CREATE SCHEMA raw;
CREATE TABLE raw.orders (order_id INTEGER, customer_id INTEGER, amount DECIMAL(10, 2), status VARCHAR, ordered_at DATE);
INSERT INTO raw.orders VALUES
  (1, 10, 3.50, 'shipped', DATE '2024-01-01'),
  (2, 11, 12.25, 'placed', DATE '2024-01-01'),
  (3, 10, 7.00, 'shipped', DATE '2024-01-02'),
  (4, 12, 1.10, 'returned', DATE '2024-01-03');
