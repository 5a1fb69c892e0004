{{ config(materialized='table') }}
-- broken on purpose: the last day's batch is appended twice, so its transactions are duplicated
with sales as (
    select * from {{ source('raw', 'raw_sales') }}
    union all
    select * from {{ source('raw', 'raw_sales') }} where sale_date = (select max(sale_date) from {{ source('raw', 'raw_sales') }})
)
select s.transaction_id, s.customer_id, s.amount, c.tier
from sales s
left join {{ ref('customers') }} c using (customer_id)
