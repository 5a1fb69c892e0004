{{ config(materialized='table') }}
-- sales per day
select sale_date, count(*) as sales, sum(amount) as revenue
from {{ ref('stg_salez') }}
group by sale_date
