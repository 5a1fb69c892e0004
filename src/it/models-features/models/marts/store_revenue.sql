{{ config(materialized='view', tags=['finance']) }}
select store_id, count(*) as sales, sum(amount) as revenue
from {{ ref('stg_sales') }}
group by store_id
