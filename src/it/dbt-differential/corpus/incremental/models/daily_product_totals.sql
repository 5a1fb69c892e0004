{{ config(incremental_strategy='delete+insert', unique_key=['sale_date', 'product']) }}
select sale_date, product, count(*) as sales, sum(amount) as revenue
from {{ ref('stg_sales') }}
{% if is_incremental() %}
where sale_date >= (select max(sale_date) from {{ this }})
{% endif %}
group by sale_date, product
