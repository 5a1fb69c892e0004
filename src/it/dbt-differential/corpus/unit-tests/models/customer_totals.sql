{{ config(materialized='table') }}
select c.customer_id, c.name, count(o.order_id) as orders, sum(o.amount) as total
from {{ ref('customers') }} c
left join {{ ref('stg_orders') }} o on o.customer_id = c.customer_id and o.amount > {{ var('min_amount') }}
group by c.customer_id, c.name
