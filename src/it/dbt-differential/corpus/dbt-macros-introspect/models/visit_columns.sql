{#- One row per column of the source, read from the lake while compiling (no columns while parsing, as in dbt). -#}
{%- set columns = dbt.get_columns_in_relation(source('raw', 'visits')) -%}
{%- set names = dbt.get_list_of_column_names(columns) -%}
{%- if columns | length == 0 %}
select 'none' as column_name, 'none' as column_type, 'none' as data_type, 0 as position, 0 as column_count
{%- endif %}
{%- for column in columns %}
select '{{ column.name }}' as column_name, '{{ column.dtype }}' as column_type, '{{ column.data_type }}' as data_type,
  {{ loop.index }} as position, {{ names | length }} as column_count
{%- if not loop.last %} union all {% endif %}
{%- endfor %}
