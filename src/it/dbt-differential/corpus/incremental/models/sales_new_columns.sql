{{ config(incremental_strategy='append', on_schema_change='append_new_columns') }}
-- the incremental runs add a column the first run did not have; rows of the first run hold NULL in it
select sale_id, amount
{% if is_incremental() %}
  , amount * 2 as doubled
{% endif %}
from {{ ref('stg_sales') }}
{% if is_incremental() %}
where sale_id > (select max(sale_id) from {{ this }})
{% endif %}
