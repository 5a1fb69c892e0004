{#- The current time, as dbt-duckdb writes it. -#}

{#- Output, not returned, as in dbt. -#}
{% macro current_timestamp() -%}
  {{ adapter.dispatch('current_timestamp', 'dbt')() }}
{%- endmacro %}

{% macro default__current_timestamp() -%}
  {{ exceptions.raise_compiler_error("current_timestamp macro not implemented for adapter duckdb") }}
{%- endmacro %}

{#- now(): a timestamp with time zone, the transaction's start. -#}
{% macro duckdb__current_timestamp() -%}
  now()
{%- endmacro %}

{#- Kept by dbt for projects that moved from dbt_utils.current_timestamp: a timestamp without time zone. -#}
{% macro current_timestamp_backcompat() -%}
  {{ return(adapter.dispatch('current_timestamp_backcompat', 'dbt')()) }}
{%- endmacro %}

{% macro default__current_timestamp_backcompat() -%}
  current_timestamp::timestamp
{%- endmacro %}

{% macro current_timestamp_in_utc_backcompat() -%}
  {{ return(adapter.dispatch('current_timestamp_in_utc_backcompat', 'dbt')()) }}
{%- endmacro %}

{% macro default__current_timestamp_in_utc_backcompat() -%}
  {{ return(adapter.dispatch('current_timestamp_backcompat', 'dbt')()) }}
{%- endmacro %}
