{{ config(materialized='table') }}
select customer_id, count(*) as orders, sum(amount) as total, min(ordered_at) as first_order
from {{ ref('stg_orders') }}
where customer_id is not null
group by customer_id
