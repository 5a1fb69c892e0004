-- Sales arrive as versions: a correction of a sale is a new row with the same sale_id and a higher version.
CREATE SCHEMA raw;
CREATE TABLE raw.sales (sale_id INTEGER, version INTEGER, customer_id INTEGER, product VARCHAR, sale_date DATE, amount DECIMAL(10, 2));
INSERT INTO raw.sales VALUES
  (1, 1, 10, 'apple', DATE '2024-01-01', 3.50),
  (2, 1, 11, 'pear', DATE '2024-01-01', 2.25),
  (3, 1, 10, 'apple', DATE '2024-01-02', 7.00),
  (4, 1, 12, 'plum', DATE '2024-01-02', 1.10),
  (5, 1, 13, 'pear', DATE '2024-01-03', 4.40),
  (6, 1, 11, 'apple', DATE '2024-01-03', 3.50),
  (7, 1, 12, 'plum', DATE '2024-01-04', 2.20),
  (8, 1, 10, 'pear', DATE '2024-01-04', 6.75);
-- Customers as change records: the latest updated_at of a customer_id is its current state.
CREATE TABLE raw.customers (customer_id INTEGER, name VARCHAR, tier VARCHAR, updated_at TIMESTAMP);
INSERT INTO raw.customers VALUES
  (10, 'Ada', 'bronze', TIMESTAMP '2024-01-01 08:00:00'),
  (11, 'Bo', 'silver', TIMESTAMP '2024-01-01 09:00:00'),
  (12, 'Cy', 'bronze', TIMESTAMP '2024-01-02 10:00:00'),
  (13, 'Di', 'gold', TIMESTAMP '2024-01-03 11:00:00');
