-- New rows for the next run, computed from what raw already holds so that run 2 and run 3 get different ones:
-- two new sales on the last day already loaded (the {{ this }}-relative filter must not duplicate that day's
-- rows), one on a new day, and a correction (a new version) of the latest sale; one customer renamed and
-- upgraded, and one new customer.
INSERT INTO raw.sales
  SELECT max(sale_id) + 1, 1, 11, 'plum', max(sale_date), 5.05 FROM raw.sales
  UNION ALL SELECT max(sale_id) + 2, 1, 13, 'apple', max(sale_date), 0.95 FROM raw.sales
  UNION ALL SELECT max(sale_id) + 3, 1, 10, 'pear', max(sale_date) + 1, 12.00 FROM raw.sales;
INSERT INTO raw.sales
  SELECT sale_id, version + 1, customer_id, product, sale_date, amount + 1 FROM raw.sales
  WHERE sale_id = (SELECT max(sale_id) - 3 FROM raw.sales) AND version = (SELECT max(version) FROM raw.sales WHERE sale_id = (SELECT max(sale_id) - 3 FROM raw.sales));
INSERT INTO raw.customers
  SELECT customer_id, name || '+', CASE tier WHEN 'bronze' THEN 'silver' ELSE 'gold' END,
         (SELECT max(updated_at) FROM raw.customers) + INTERVAL 2 HOUR
  FROM raw.customers WHERE customer_id = 10 AND updated_at = (SELECT max(updated_at) FROM raw.customers WHERE customer_id = 10)
  UNION ALL
  SELECT max(customer_id) + 1, 'New' || (max(customer_id) + 1), 'bronze', max(updated_at) + INTERVAL 1 HOUR FROM raw.customers;
