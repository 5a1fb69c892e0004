-- Customers with their current state; updated_at moves only when a change is recorded at the source (an email fix is not).
CREATE SCHEMA raw;
CREATE TABLE raw.customers (customer_id INTEGER, region VARCHAR, name VARCHAR, tier VARCHAR, email VARCHAR, updated_at TIMESTAMP);
INSERT INTO raw.customers VALUES
  (10, 'north', 'Ada', 'bronze', 'ada@example.com', TIMESTAMP '2024-01-01 08:00:00'),
  (11, 'south', 'Bo', 'silver', 'bo@example.com', TIMESTAMP '2024-01-01 09:00:00'),
  (12, 'north', 'Cy', NULL, 'cy@example.com', TIMESTAMP '2024-01-02 10:00:00'),
  (13, 'south', 'Di', 'gold', NULL, TIMESTAMP '2024-01-03 11:00:00'),
  (14, 'east', 'Ed', 'bronze', 'ed@example.com', TIMESTAMP '2024-01-03 12:00:00');
-- Customers deleted by between-runs.sql wait here, and come back in the run after.
CREATE TABLE raw.departed AS SELECT * FROM raw.customers WHERE false;
