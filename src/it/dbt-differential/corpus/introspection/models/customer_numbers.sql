{{ config(materialized='table') }}
{% set customers = api.Relation.create(database=target.database, schema='raw', identifier='customers') %}
{% set columns = adapter.get_columns_in_relation(customers) %}
select
  customer_id,
{%- for column in columns %}
  {%- if column.is_number() and column.name != 'customer_id' %}
  {{ adapter.quote(column.name) }} as num_{{ column.column }},
  {%- endif %}
{%- endfor %}
  '{{ columns | map(attribute='name') | join(',') }}' as column_names,
  '{{ columns | map(attribute='dtype') | join(',') }}' as dtypes,
  '{{ columns | map(attribute='data_type') | join(',') }}' as data_types,
  {{ columns | length }} as column_count
from {{ customers }}
