{#- dbt's data type macros and casts. The type names are what dbt-duckdb's api.Column.translate_type gives for dbt's
    labels ('string' becomes TEXT, the others keep their name) and numeric's default precision and scale, 28 and 6. -#}

{% macro type_string() -%}
  {{ return(adapter.dispatch('type_string', 'dbt')()) }}
{%- endmacro %}

{% macro default__type_string() -%}
  {{ return('TEXT') }}
{%- endmacro %}

{% macro type_timestamp() -%}
  {{ return(adapter.dispatch('type_timestamp', 'dbt')()) }}
{%- endmacro %}

{% macro default__type_timestamp() -%}
  {{ return('timestamp') }}
{%- endmacro %}

{% macro type_float() -%}
  {{ return(adapter.dispatch('type_float', 'dbt')()) }}
{%- endmacro %}

{% macro default__type_float() -%}
  {{ return('float') }}
{%- endmacro %}

{% macro type_numeric() -%}
  {{ return(adapter.dispatch('type_numeric', 'dbt')()) }}
{%- endmacro %}

{% macro default__type_numeric() -%}
  {{ return('numeric(28,6)') }}
{%- endmacro %}

{% macro type_bigint() -%}
  {{ return(adapter.dispatch('type_bigint', 'dbt')()) }}
{%- endmacro %}

{% macro default__type_bigint() -%}
  {{ return('bigint') }}
{%- endmacro %}

{% macro type_int() -%}
  {{ return(adapter.dispatch('type_int', 'dbt')()) }}
{%- endmacro %}

{% macro default__type_int() -%}
  {{ return('integer') }}
{%- endmacro %}

{% macro type_boolean() -%}
  {{ return(adapter.dispatch('type_boolean', 'dbt')()) }}
{%- endmacro %}

{% macro default__type_boolean() -%}
  {{ return('boolean') }}
{%- endmacro %}

{% macro cast(field, type) -%}
  {{ return(adapter.dispatch('cast', 'dbt')(field, type)) }}
{%- endmacro %}

{% macro default__cast(field, type) -%}
  cast({{ field }} as {{ type }})
{%- endmacro %}

{% macro safe_cast(field, type) -%}
  {{ return(adapter.dispatch('safe_cast', 'dbt')(field, type)) }}
{%- endmacro %}

{#- dbt-duckdb keeps dbt's default, a plain cast (a value that does not convert fails, it does not become null). -#}
{% macro default__safe_cast(field, type) -%}
  cast({{ field }} as {{ type }})
{%- endmacro %}

{#- Not returned but output, as in dbt: callers get the text. -#}
{% macro cast_bool_to_text(field) -%}
  {{ adapter.dispatch('cast_bool_to_text', 'dbt')(field) }}
{%- endmacro %}

{% macro default__cast_bool_to_text(field) -%}
  cast({{ field }} as {{ dbt.type_string() }})
{%- endmacro %}
