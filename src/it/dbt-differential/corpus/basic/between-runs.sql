INSERT INTO raw.orders VALUES (100 + (SELECT count(*) FROM raw.orders), 11, 'shipped', 3.75, DATE '2024-02-01');
