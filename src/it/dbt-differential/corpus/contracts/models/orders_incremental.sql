{{ config(materialized='incremental', on_schema_change='append_new_columns') }}
select order_id, ordered_at, amount
from {{ source('raw', 'orders') }}
{% if is_incremental() %}
where order_id > (select max(order_id) from {{ this }})
{% endif %}
