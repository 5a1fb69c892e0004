{{ config(materialized='table') }}
-- shares its parent with the broken model, but does not depend on it
select store_id, count(*) as sales, sum(amount) as revenue from {{ ref('stg_sales') }} group by store_id
