select * from {{ ref('orders_by_customer_account') }} where ordered_on is null
