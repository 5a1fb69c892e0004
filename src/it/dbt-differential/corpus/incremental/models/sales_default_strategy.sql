{{ config(unique_key='sale_id') }}
-- no incremental_strategy: dbt-duckdb's default
select sale_id, version, amount, sale_date
from {{ ref('stg_sales') }}
{% if is_incremental() %}
where sale_date >= (select max(sale_date) from {{ this }})
{% endif %}
