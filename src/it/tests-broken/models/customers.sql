-- current customers, one row each
select customer_id, lower(tier) as tier from {{ source('raw', 'raw_customers') }} where is_current
