-- Changes for the next run, computed from what raw holds so that runs 2 and 3 differ: the lowest id leaves (into
-- raw.departed) and the one that left last time returns, with its old values; the lowest id below gold moves up a tier with a later updated_at; the
-- highest id fixes its email without touching updated_at (only the check strategies see that); a customer with a null
-- tier gets one; a new customer arrives; even ids without a segment get one.
-- run 2 adds a column to the source (check_cols='all' over select * then sees every current row as changed, as in dbt)
ALTER TABLE raw.customers ADD COLUMN IF NOT EXISTS segment VARCHAR;
ALTER TABLE raw.departed ADD COLUMN IF NOT EXISTS segment VARCHAR;
CREATE TEMP TABLE leaving AS SELECT * FROM raw.customers WHERE customer_id = (SELECT min(customer_id) FROM raw.customers);
INSERT INTO raw.customers SELECT * FROM raw.departed;
DELETE FROM raw.departed;
INSERT INTO raw.departed SELECT * FROM leaving;
DELETE FROM raw.customers WHERE customer_id IN (SELECT customer_id FROM leaving);
DROP TABLE leaving;
UPDATE raw.customers SET tier = CASE tier WHEN 'bronze' THEN 'silver' ELSE 'gold' END,
                         updated_at = (SELECT max(updated_at) FROM raw.customers) + INTERVAL 1 HOUR
  WHERE customer_id = (SELECT min(customer_id) FROM raw.customers WHERE tier <> 'gold');
UPDATE raw.customers SET email = coalesce(email, 'none') || '.fixed' WHERE customer_id = (SELECT max(customer_id) FROM raw.customers);
UPDATE raw.customers SET tier = 'bronze' WHERE tier IS NULL;
UPDATE raw.customers SET segment = 'retail' WHERE segment IS NULL AND customer_id % 2 = 0;
INSERT INTO raw.customers (customer_id, region, name, tier, email, updated_at)
  SELECT max(customer_id) + 1, 'west', 'New' || (max(customer_id) + 1), 'bronze', NULL, max(updated_at) + INTERVAL 2 HOUR FROM raw.customers;
