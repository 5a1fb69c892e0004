{{ config(incremental_strategy='delete+insert', unique_key='sale_id') }}
-- dbt's documented filter: the days from the last one already built on, so that late rows of that day and
-- corrections are picked up; delete+insert replaces those sales by key
select sale_id, version, customer_id, product, sale_date, amount
from {{ ref('stg_sales') }}
{% if is_incremental() %}
where sale_date >= (select max(sale_date) from {{ this }})
{% endif %}
