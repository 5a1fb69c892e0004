{{ config(incremental_strategy='append') }}
-- each sale once, as first seen: later corrections of a sale are not appended again
select sale_id, customer_id, product, sale_date, amount
from {{ ref('stg_sales') }}
{% if is_incremental() %}
where sale_id > (select max(sale_id) from {{ this }})
{% endif %}
