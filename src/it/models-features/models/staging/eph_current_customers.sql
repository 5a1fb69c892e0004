{{ config(materialized='ephemeral') }}
-- the current SCD2 version of each customer; never built, inlined where it is used
select customer_id, lower(tier) as tier
from {{ source('raw', 'raw_customers') }}
where is_current
