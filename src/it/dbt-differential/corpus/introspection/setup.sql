CREATE SCHEMA raw;
CREATE TABLE raw.orders (order_id INTEGER, customer_id INTEGER, status VARCHAR, amount DECIMAL(10, 2), ordered_at DATE);
INSERT INTO raw.orders VALUES
  (1, 10, 'shipped', 12.50, DATE '2024-01-02'),
  (2, 10, 'shipped', 7.25, DATE '2024-01-05'),
  (3, 11, 'returned', 30.00, DATE '2024-01-06'),
  (4, 12, 'placed', 5.00, DATE '2024-01-09');
CREATE TABLE raw.customers (customer_id INTEGER, name VARCHAR, credit DECIMAL(10, 2), score DOUBLE, visits BIGINT, joined DATE, vip BOOLEAN);
INSERT INTO raw.customers VALUES (10, 'Ann', 100.00, 0.5, 3, DATE '2023-05-01', true), (11, 'Bo', 0.00, 1.25, 1, DATE '2023-06-01', false);
