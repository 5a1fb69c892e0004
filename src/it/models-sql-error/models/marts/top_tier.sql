{{ config(materialized='table') }}
-- depends on the broken model through revenue_by_tier: must be skipped too
select tier from {{ ref('revenue_by_tier') }} order by revenue desc limit 1
