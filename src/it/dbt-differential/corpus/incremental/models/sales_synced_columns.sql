{{ config(incremental_strategy='delete+insert', unique_key='sale_id', on_schema_change='sync_all_columns') }}
-- the incremental runs drop product and add customer_id
select sale_id, sale_date, amount,
{% if is_incremental() %}
  customer_id
{% else %}
  product
{% endif %}
from {{ ref('stg_sales') }}
{% if is_incremental() %}
where sale_date >= (select max(sale_date) from {{ this }})
{% endif %}
