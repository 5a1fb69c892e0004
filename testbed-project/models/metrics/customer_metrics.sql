-- One row per current customer; customers without sales have zero purchases.
with customers as (
    select * from {{ ref('stg_customers') }} where is_current
),

purchases as (
    select
        customer_id,
        -- transaction_id is unique in stg_sales (tested there), so count(*) counts transactions
        -- exactly, without a distinct hash table as large as the sales (spilled to disk at 1 billion)
        count(*) as total_purchases,
        sum(amount) as lifetime_value,
        min(sale_date) as first_purchase_date,
        max(sale_date) as last_purchase_date
    from {{ ref('stg_sales') }}
    group by customer_id
)

select
    c.customer_id,
    c.customer_name,
    c.email,
    c.tier,
    c.signup_date,
    coalesce(p.total_purchases, 0) as total_purchases,
    coalesce(p.lifetime_value, 0) as lifetime_value,
    p.first_purchase_date,
    p.last_purchase_date,
    {{ average_amount('p.lifetime_value', 'p.total_purchases') }} as avg_purchase_amount
from customers c
left join purchases p using (customer_id)
