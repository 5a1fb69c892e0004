{#- A project's own schema naming that ends in dbt's macros, as many projects write it. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
  {%- if custom_schema_name == 'per_env' -%}
    {{ generate_schema_name_for_env(custom_schema_name, node) }}
  {%- else -%}
    {{ default__generate_schema_name(custom_schema_name, node) }}
  {%- endif -%}
{%- endmacro %}
