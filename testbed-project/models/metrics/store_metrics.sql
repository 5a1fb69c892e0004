-- One row per current store.
with stores as (
    select * from {{ ref('stg_stores') }} where is_current
),

sales as (
    select
        store_id,
        count(*) as total_sales, -- transaction_id is unique in stg_sales (tested there)
        -- the costly column (about 8.6 M (store, customer) pairs at 10 M sales), kept in this one pass: pre-aggregating
        -- by (store, customer) and rolling up gives the same table for 1.6x the CPU time (see product_metrics)
        count(distinct customer_id) as unique_customers,
        sum(amount) as total_revenue,
        min(sale_date) as first_sale_date,
        max(sale_date) as last_sale_date
    from {{ ref('stg_sales') }}
    group by store_id
)

select
    s.store_id,
    s.store_name,
    s.location,
    s.store_type,
    s.opened_date,
    coalesce(x.total_sales, 0) as total_sales,
    coalesce(x.unique_customers, 0) as unique_customers,
    coalesce(x.total_revenue, 0) as total_revenue,
    {{ average_amount('x.total_revenue', 'x.total_sales') }} as avg_sale_amount,
    x.first_sale_date,
    x.last_sale_date
from stores s
left join sales x using (store_id)
