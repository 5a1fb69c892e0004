{{ config(materialized='table') }}
{% set statuses = distinct_values('status', ref('stg_orders')) %}
select
  customer_id,
{%- for status in statuses %}
  sum(case when status = '{{ status }}' then amount else 0 end) as amount_{{ slug(status) }},
{%- endfor %}
  count(*) as orders
from {{ ref('stg_orders') }}
group by customer_id
