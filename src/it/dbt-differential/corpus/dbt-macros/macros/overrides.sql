{#- The root project replaces one of dbt's default__ implementations (dbt-duckdb has no duckdb__right): dispatch in the
    'dbt' namespace finds the project's macro first, for dbt.right and for the bare right alike. -#}
{% macro default__right(string_text, length_expression) -%}
  upper(right({{ string_text }}, {{ length_expression }}))
{%- endmacro %}
