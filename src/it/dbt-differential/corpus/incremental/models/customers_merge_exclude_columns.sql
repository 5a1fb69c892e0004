{{ config(incremental_strategy='merge', unique_key='customer_id', merge_exclude_columns=['first_seen']) }}
-- first_seen keeps the time a customer was first merged
select customer_id, name, tier, updated_at, updated_at as first_seen
from {{ ref('stg_customers') }}
{% if is_incremental() %}
where updated_at > (select max(updated_at) from {{ this }})
{% endif %}
