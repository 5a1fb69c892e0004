{#- The project replaces the SQL of two of dbt's built-in tests through dispatch, and builds a test of its own on
    dbt's default unique test. -#}

{#- Values compare without case. -#}
{% macro default__test_accepted_values(model, column_name, values, quote=true) -%}
select {{ column_name }} as value_field, count(*) as n_records
from {{ model }}
where upper({{ column_name }}) not in ({% for v in values %}upper('{{ v }}'){% if not loop.last %}, {% endif %}{% endfor %})
group by {{ column_name }}
{%- endmacro %}

{#- An empty text is missing too. -#}
{% macro duckdb__test_not_null(model, column_name) -%}
select * from {{ model }} where {{ column_name }} is null or cast({{ column_name }} as varchar) = ''
{%- endmacro %}

{% test unique_when_flagged(model, column_name) %}
  {{ dbt.default__test_unique('(select * from ' ~ model ~ " where flag_text = 'true') flagged", column_name) }}
{% endtest %}
