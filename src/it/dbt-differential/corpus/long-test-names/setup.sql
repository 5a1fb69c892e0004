CREATE SCHEMA raw;
CREATE TABLE raw.customer_accounts_with_a_rather_long_name AS
SELECT * FROM (VALUES
    (1, 'gold',     'north'),
    (2, 'silver',   'south'),
    (3, 'bronze',   'east'),
    (4, 'platinum', 'west'),
    (5, 'tin',      'north')
) t(customer_account_identifier, membership_tier, sales_region);
CREATE TABLE raw.orders AS
SELECT * FROM (VALUES
    (100, 1, 3, DATE '2024-01-01'),
    (101, 2, 1, DATE '2024-01-02'),
    (102, 2, 0, DATE '2024-01-03'),
    (103, 9, 2, DATE '2024-01-04'),
    (104, NULL, 5, DATE '2024-01-05')
) t(order_id, customer_account_identifier, quantity, ordered_on);
