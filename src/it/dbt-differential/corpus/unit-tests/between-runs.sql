-- one new order per run, so that the incremental model appends
INSERT INTO raw.orders SELECT max(order_id) + 1, 11, 2.00, 'placed', max(ordered_at) + 1 FROM raw.orders;
