{{ config(unique_key=['store_id', 'sale_month'], incremental_strategy='delete+insert') }}
{% set window = month_window(var('batch')) %}
-- sales per store and month over the batch's six-month window
select
    store_id,
    cast(date_trunc('month', sale_date) as date) as sale_month,
    count(*) as sales,
    sum(amount) as revenue,
    {{ var('batch') }} as batch
from {{ ref('stg_sales') }}
where sale_date >= date '{{ var("first_month") }}' + interval {{ window['start'] }} month
  and sale_date < date '{{ var("first_month") }}' + interval {{ window['stop'] }} month
group by 1, 2
