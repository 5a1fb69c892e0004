{% test numbers_at_most(model, max_value) %}
{#- the model's number columns, as the lake describes them when the test runs -#}
{%- set columns = adapter.get_columns_in_relation(model) -%}
select * from {{ model }} where false
{%- for column in columns %}{% if column.is_number() %} or {{ adapter.quote(column.name) }} > {{ max_value }}{% endif %}{% endfor %}
{% endtest %}
