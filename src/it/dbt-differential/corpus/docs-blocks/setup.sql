CREATE SCHEMA raw;
CREATE TABLE raw.orders AS
SELECT * FROM (VALUES (1, 10, 'placed', 12.50), (2, 10, 'shipped', 7.25), (3, 11, 'shipped', 3.00)) AS t(id, customer_id, status, amount);
