-- A late event on the day before the end (inside the window), a correction of an event of January 1 (outside it,
-- so the microbatch tables keep the old amount), and an event after the end; ids continue from the highest.
INSERT INTO raw.events
  SELECT max(event_id) + 1, TIMESTAMP '2024-01-04 23:00:00', 1, 10.00 FROM raw.events
  UNION ALL SELECT max(event_id) + 2, TIMESTAMP '2024-01-07 01:00:00', 2, 20.00 FROM raw.events;
UPDATE raw.events SET amount = amount + 100 WHERE event_id = 1;
