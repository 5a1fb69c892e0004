select id, customer_id, status, amount from {{ source('shop', 'orders') }}
