{#- dbt's schema naming. The engine names schemas itself when the project defines no generate_schema_name; these are
    here for a project's own generate_schema_name, which commonly ends in dbt's default or the _for_env variant. -#}

{% macro generate_schema_name(custom_schema_name=none, node=none) -%}
  {{ return(adapter.dispatch('generate_schema_name', 'dbt')(custom_schema_name, node)) }}
{%- endmacro %}

{#- The target's schema, suffixed with _<custom schema> when the node sets one. -#}
{% macro default__generate_schema_name(custom_schema_name, node) -%}
  {%- if custom_schema_name is none -%}
    {{ target.schema }}
  {%- else -%}
    {{ target.schema }}_{{ custom_schema_name | trim }}
  {%- endif -%}
{%- endmacro %}

{#- The custom schema on its own in a target named prod, the target's schema everywhere else. -#}
{% macro generate_schema_name_for_env(custom_schema_name, node) -%}
  {%- if target.name == 'prod' and custom_schema_name is not none -%}
    {{ custom_schema_name | trim }}
  {%- else -%}
    {{ target.schema }}
  {%- endif -%}
{%- endmacro %}
