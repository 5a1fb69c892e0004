CREATE SCHEMA raw;
CREATE TABLE raw.events (event_id INTEGER, customer VARCHAR, path VARCHAR, flag BOOLEAN, started_at TIMESTAMP, ended_at TIMESTAMP,
  day DATE, amount DECIMAL(10, 2));
-- Week boundaries both ways (Sunday to Monday, Monday to Sunday), month ends, a leap day, a year end, a negative span.
INSERT INTO raw.events VALUES
  (1, 'ann', 'a/b/c', true, TIMESTAMP '2024-01-06 23:59:00', TIMESTAMP '2024-01-08 00:01:30', DATE '2024-01-31', 12.50),
  (2, 'ann', 'x/y', false, TIMESTAMP '2024-01-08 10:00:00', TIMESTAMP '2024-01-07 09:00:00', DATE '2024-02-29', 7.25),
  (3, 'bob', 'one', false, TIMESTAMP '2023-12-31 12:00:00', TIMESTAMP '2024-03-31 12:00:00', DATE '2023-12-31', 30.00),
  (4, 'o''neil', 'p/q/r/s', NULL, TIMESTAMP '2024-05-15 08:30:00', TIMESTAMP '2025-05-14 08:29:59', DATE '2024-11-30', 5.00),
  (5, 'bob', '', true, TIMESTAMP '2024-02-28 00:00:00', TIMESTAMP '2024-02-28 00:00:00', DATE '2024-08-15', 1.00);
