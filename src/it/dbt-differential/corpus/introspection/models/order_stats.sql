-- depends_on: {{ ref('stg_orders') }}
{{ config(materialized='table') }}
{% call statement('stats', fetch_result=True) %}
  select count(*) as n, max(amount) as top, min(ordered_at) as first_day, count(distinct status) as statuses from {{ ref('stg_orders') }}
{% endcall %}
{% set stats = load_result('stats') %}
{% if execute %}
  {% set row = stats.table.rows[0] %}
select
  {{ stats['data'][0][0] }} as orders,
  {{ row['top'] }} as top_amount,
  '{{ row['first_day'] }}' as first_day,
  {{ row[3] }} as statuses,
  {{ stats.table.column_names | length }} as stat_columns,
  '{{ stats.table.column_names | join(",") }}' as stat_names
{% else %}
select 1 as orders
{% endif %}
