{{ config(incremental_strategy='merge', unique_key='customer_id') }}
select customer_id, name, tier, updated_at
from {{ ref('stg_customers') }}
{% if is_incremental() %}
where updated_at > (select max(updated_at) from {{ this }})
{% endif %}
