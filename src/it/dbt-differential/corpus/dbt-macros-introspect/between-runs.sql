-- A later visit each run: the spine over the visits' range gets longer.
INSERT INTO raw.visits
SELECT max(visit_id) + 1, 'cy', max(visited_on) + INTERVAL 40 DAY, 3.00, false FROM raw.visits;
