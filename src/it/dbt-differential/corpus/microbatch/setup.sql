-- Four events a day at 00:00, 06:00, 12:00 and 18:00 from 2024-01-01 to 2024-01-06 (the last day is after the end).
CREATE SCHEMA raw;
CREATE TABLE raw.events AS
  SELECT CAST(range AS INTEGER) AS event_id, TIMESTAMP '2024-01-01' + range * INTERVAL 6 HOUR AS event_at,
         CAST(range % 3 AS INTEGER) AS store_id, CAST(range * 1.5 AS DECIMAL(10, 2)) AS amount
  FROM range(0, 24);
