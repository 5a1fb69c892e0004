{#- dbt's four built-in generic tests as overridable macros: each test dispatches test_<name> in the 'dbt' namespace, so a
    project's default__test_<name> or duckdb__test_<name> replaces the SQL, as in dbt. Each query returns the failing
    rows. The engine writes these tests' SQL itself unless the project overrides one (the same queries). -#}

{% test unique(model, column_name) %}
  {{ adapter.dispatch('test_unique', 'dbt')(model, column_name) }}
{% endtest %}

{% test not_null(model, column_name) %}
  {{ adapter.dispatch('test_not_null', 'dbt')(model, column_name) }}
{% endtest %}

{% test accepted_values(model, column_name, values, quote=true) %}
  {{ adapter.dispatch('test_accepted_values', 'dbt')(model, column_name, values, quote) }}
{% endtest %}

{% test relationships(model, column_name, to, field) %}
  {{ adapter.dispatch('test_relationships', 'dbt')(model, column_name, to, field) }}
{% endtest %}

{#- Values seen more than once, with how often. -#}
{% macro default__test_unique(model, column_name) -%}
select {{ column_name }} as unique_field, count(*) as n_records
from {{ model }}
where {{ column_name }} is not null
group by {{ column_name }}
having count(*) > 1
{%- endmacro %}

{#- Whole rows, as dbt selects them when it stores failures; the engine always shows failing rows whole. -#}
{% macro default__test_not_null(model, column_name) -%}
select *
from {{ model }}
where {{ column_name }} is null
{%- endmacro %}

{#- Each value outside the list, with how often it occurs; quote=false compares with the values as SQL. -#}
{% macro default__test_accepted_values(model, column_name, values, quote=true) -%}
with all_values as (
  select {{ column_name }} as value_field, count(*) as n_records
  from {{ model }}
  group by {{ column_name }}
)
select *
from all_values
where value_field not in (
  {%- for value in values -%}
    {%- if quote -%}'{{ value }}'{%- else -%}{{ value }}{%- endif -%}{%- if not loop.last -%}, {% endif -%}
  {%- endfor -%}
)
{%- endmacro %}

{#- Child values (not null) that the parent's field does not hold. -#}
{% macro default__test_relationships(model, column_name, to, field) -%}
with child as (
  select {{ column_name }} as from_field
  from {{ model }}
  where {{ column_name }} is not null
),
parent as (
  select {{ field }} as to_field
  from {{ to }}
)
select from_field
from child
left join parent on child.from_field = parent.to_field
where parent.to_field is null
{%- endmacro %}
