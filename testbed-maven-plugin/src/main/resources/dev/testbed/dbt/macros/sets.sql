{#- Set operators and comparisons, as dbt writes them. -#}

{% macro except() -%}
  {{ return(adapter.dispatch('except', 'dbt')()) }}
{%- endmacro %}

{#- Spaces around the keyword: it stands between two queries. -#}
{% macro default__except() %} except {% endmacro %}

{% macro intersect() -%}
  {{ return(adapter.dispatch('intersect', 'dbt')()) }}
{%- endmacro %}

{% macro default__intersect() %} intersect {% endmacro %}

{% macro equals(expr1, expr2) -%}
  {{ return(adapter.dispatch('equals', 'dbt')(expr1, expr2)) }}
{%- endmacro %}

{#- dbt's default (its behaviour flag enable_truthy_nulls_equals_macro off): a plain comparison, null when either is. -#}
{% macro default__equals(expr1, expr2) -%}
  ({{ expr1 }} = {{ expr2 }})
{%- endmacro %}
