{{ config(unique_key='sale_month', incremental_strategy='merge') }}
{% set window = month_window(var('batch')) %}
-- sales per month over the batch's six-month window
select
    cast(date_trunc('month', sale_date) as date) as sale_month,
    count(*) as sales,
    sum(amount) as revenue,
    {{ var('batch') }} as batch
from {{ ref('stg_sales') }}
where sale_date >= date '{{ var("first_month") }}' + interval {{ window['start'] }} month
  and sale_date < date '{{ var("first_month") }}' + interval {{ window['stop'] }} month
group by 1
