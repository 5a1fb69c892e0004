-- d is outside the cycle: it could be built on its own
select customer_id, amount from {{ source('raw', 'raw_sales') }}
