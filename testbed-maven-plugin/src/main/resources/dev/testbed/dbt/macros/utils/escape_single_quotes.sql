{#- dbt.escape_single_quotes: a text made safe inside a single-quoted SQL literal; dispatched, so a project or package
    can override it with duckdb__escape_single_quotes or default__escape_single_quotes. -#}
{% macro escape_single_quotes(expression) -%}
    {{ return(adapter.dispatch('escape_single_quotes', 'dbt')(expression)) }}
{%- endmacro %}

{% macro default__escape_single_quotes(expression) -%}
{{ expression | replace("'", "''") }}
{%- endmacro %}
