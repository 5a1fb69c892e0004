{#- dbt's cross-database aggregate macros. -#}

{% macro any_value(expression) -%}
  {{ return(adapter.dispatch('any_value', 'dbt')(expression)) }}
{%- endmacro %}

{% macro default__any_value(expression) -%}
  any_value({{ expression }})
{%- endmacro %}

{#- dbt-duckdb's choice: arbitrary() takes the first value it meets, null or not. -#}
{% macro duckdb__any_value(expression) -%}
  arbitrary({{ expression }})
{%- endmacro %}

{% macro bool_or(expression) -%}
  {{ return(adapter.dispatch('bool_or', 'dbt')(expression)) }}
{%- endmacro %}

{% macro default__bool_or(expression) -%}
  bool_or({{ expression }})
{%- endmacro %}

{#- order_by_clause is a whole clause ('order by x'); limit_num keeps the first values only. The delimiter defaults to
    a comma, the SQL text ','. It is set in the body because Jinjava's macro tag cannot parse a comma inside a default
    value's string; so an explicit none also means a comma here, where dbt would write None into the SQL and fail. -#}
{% macro listagg(measure, delimiter_text=none, order_by_clause=none, limit_num=none) -%}
  {%- set delimiter_text = "','" if delimiter_text is none else delimiter_text -%}
  {{ return(adapter.dispatch('listagg', 'dbt')(measure, delimiter_text, order_by_clause, limit_num)) }}
{%- endmacro %}

{% macro default__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
  {%- if limit_num -%}
    array_to_string(array_slice(array_agg({{ measure }}){% if order_by_clause %} within group ({{ order_by_clause }}){% endif %}, 0, {{ limit_num }}), {{ delimiter_text }})
  {%- else -%}
    listagg({{ measure }}, {{ delimiter_text }}){% if order_by_clause %} within group ({{ order_by_clause }}){% endif %}
  {%- endif -%}
{%- endmacro %}

{#- DuckDB takes the order inside the aggregate's parentheses; the limit slices the ordered list, then joins it. -#}
{% macro duckdb__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
  {%- if limit_num -%}
    list_aggr((array_agg({{ measure }}{% if order_by_clause %} {{ order_by_clause }}{% endif %}))[1:{{ limit_num }}], 'string_agg', {{ delimiter_text }})
  {%- else -%}
    string_agg({{ measure }}, {{ delimiter_text }}{% if order_by_clause %} {{ order_by_clause }}{% endif %})
  {%- endif -%}
{%- endmacro %}
