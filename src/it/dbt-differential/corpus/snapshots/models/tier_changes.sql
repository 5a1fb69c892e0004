{{ config(materialized='table') }}
-- how many versions each customer has in the timestamp snapshot, and its current tier
select customer_id, count(*) as versions, max(case when dbt_valid_to is null then tier end) as current_tier
from {{ ref('customers_ts') }}
group by customer_id
