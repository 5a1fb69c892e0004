{#- The columns of a relation, as a list of columns (name, data_type, ...), from the adapter's catalog. -#}

{% macro get_columns_in_relation(relation) -%}
  {{ return(adapter.dispatch('get_columns_in_relation', 'dbt')(relation)) }}
{%- endmacro %}

{% macro default__get_columns_in_relation(relation) -%}
  {{ exceptions.raise_compiler_error("get_columns_in_relation macro not implemented for adapter duckdb") }}
{%- endmacro %}

{#- The engine's adapter reads the relation's columns from the lake (DESCRIBE), as dbt-duckdb's macro does. -#}
{% macro duckdb__get_columns_in_relation(relation) -%}
  {{ return(adapter.get_columns_in_relation(relation)) }}
{%- endmacro %}

{#- The column names of a list of columns. -#}
{% macro get_list_of_column_names(columns) -%}
  {{ return(columns | map(attribute='name') | list) }}
{%- endmacro %}
