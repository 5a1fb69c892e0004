CREATE SCHEMA raw;
CREATE TABLE raw.visits (visit_id INTEGER, visitor VARCHAR, visited_on DATE, spent DECIMAL(10, 2), repeat_visit BOOLEAN);
INSERT INTO raw.visits VALUES
  (1, 'ann', DATE '2024-01-30', 12.50, false),
  (2, 'bob', DATE '2024-02-03', 7.25, true),
  (3, 'ann', DATE '2024-03-02', 30.00, true);
