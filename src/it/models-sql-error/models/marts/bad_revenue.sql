{{ config(materialized='table') }}
-- the bug: stg_sales has no column amount_usd (it is called amount)
select customer_id, sum(amount_usd) as revenue
from {{ ref('stg_sales') }}
group by customer_id
