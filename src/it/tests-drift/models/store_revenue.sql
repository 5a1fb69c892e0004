{{ config(materialized='table') }}
-- revenue per store; revenue_factor is 1 unless a build sets it
select store_id, sum(amount) * {{ var('revenue_factor', 1) }} as total_revenue, count(*) as sales
from {{ source('raw', 'raw_sales') }}
group by store_id
