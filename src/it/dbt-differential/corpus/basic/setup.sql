CREATE SCHEMA raw;
CREATE TABLE raw.orders (order_id INTEGER, customer_id INTEGER, status VARCHAR, amount DECIMAL(10, 2), ordered_at DATE);
INSERT INTO raw.orders VALUES
  (1, 10, 'shipped', 12.50, DATE '2024-01-02'),
  (2, 10, 'shipped', 7.25, DATE '2024-01-05'),
  (3, 11, 'returned', 30.00, DATE '2024-01-06'),
  (4, 12, 'placed', 5.00, DATE '2024-01-09'),
  (5, NULL, 'lost', 1.00, DATE '2024-01-10');
