INSERT INTO raw.events
SELECT 100 + count(*), 'cy', 'n/' || count(*), count(*) % 2 = 0, TIMESTAMP '2024-06-01 06:00:00' + count(*) * INTERVAL 37 HOUR,
  TIMESTAMP '2024-09-30 18:00:00' - count(*) * INTERVAL 5 DAY, DATE '2024-04-30' + count(*) * INTERVAL 31 DAY, count(*) * 1.5
FROM raw.events;
