select * from (values (1, 10.5, 'Card'), (2, -3.0, 'Cash')) as t(order_id, amount, method)
