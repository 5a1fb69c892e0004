{{ config(incremental_strategy='merge', unique_key='customer_id', merge_update_columns=['tier', 'updated_at']) }}
-- a matched customer gets the new tier and time; its name stays as first merged
select customer_id, name, tier, updated_at
from {{ ref('stg_customers') }}
{% if is_incremental() %}
where updated_at > (select max(updated_at) from {{ this }})
{% endif %}
