{#- dbt's cross-database string macros. Arguments are SQL expressions, written into the SQL as they are given. -#}

{% macro concat(fields) -%}
  {{ return(adapter.dispatch('concat', 'dbt')(fields)) }}
{%- endmacro %}

{#- || rather than concat(): a null field makes the result null, as in dbt. -#}
{% macro default__concat(fields) -%}
  {{ fields | join(' || ') }}
{%- endmacro %}

{% macro hash(field) -%}
  {{ return(adapter.dispatch('hash', 'dbt')(field)) }}
{%- endmacro %}

{% macro default__hash(field) -%}
  md5(cast({{ field }} as {{ dbt.type_string() }}))
{%- endmacro %}

{% macro split_part(string_text, delimiter_text, part_number) -%}
  {{ return(adapter.dispatch('split_part', 'dbt')(string_text, delimiter_text, part_number)) }}
{%- endmacro %}

{% macro default__split_part(string_text, delimiter_text, part_number) -%}
  split_part({{ string_text }}, {{ delimiter_text }}, {{ part_number }})
{%- endmacro %}

{#- A list index from 1, where a negative part counts from the end, as dbt-duckdb writes it. -#}
{% macro duckdb__split_part(string_text, delimiter_text, part_number) -%}
  string_split({{ string_text }}, {{ delimiter_text }})[ {{ part_number }} ]
{%- endmacro %}

{#- For adapters whose split_part takes no negative part: the part counted from the front, from the number of
    delimiters (the length lost when they are removed; assumes a one-character delimiter, as dbt's does). -#}
{% macro _split_part_negative(string_text, delimiter_text, part_number) -%}
  split_part({{ string_text }}, {{ delimiter_text }},
    length({{ string_text }}) - length(replace({{ string_text }}, {{ delimiter_text }}, '')) + 2 + {{ part_number }})
{%- endmacro %}

{#- escape_single_quotes is in utils/escape_single_quotes.sql. -#}

{% macro string_literal(value) -%}
  {{ return(adapter.dispatch('string_literal', 'dbt')(value)) }}
{%- endmacro %}

{#- Quotes the value as it is; escaping it is the caller's part, as in dbt. -#}
{% macro default__string_literal(value) -%}
  '{{ value }}'
{%- endmacro %}

{% macro right(string_text, length_expression) -%}
  {{ return(adapter.dispatch('right', 'dbt')(string_text, length_expression)) }}
{%- endmacro %}

{% macro default__right(string_text, length_expression) -%}
  right({{ string_text }}, {{ length_expression }})
{%- endmacro %}

{% macro length(expression) -%}
  {{ return(adapter.dispatch('length', 'dbt')(expression)) }}
{%- endmacro %}

{% macro default__length(expression) -%}
  length({{ expression }})
{%- endmacro %}

{% macro position(substring_text, string_text) -%}
  {{ return(adapter.dispatch('position', 'dbt')(substring_text, string_text)) }}
{%- endmacro %}

{% macro default__position(substring_text, string_text) -%}
  position({{ substring_text }} in {{ string_text }})
{%- endmacro %}

{% macro replace(field, old_chars, new_chars) -%}
  {{ return(adapter.dispatch('replace', 'dbt')(field, old_chars, new_chars)) }}
{%- endmacro %}

{% macro default__replace(field, old_chars, new_chars) -%}
  replace({{ field }}, {{ old_chars }}, {{ new_chars }})
{%- endmacro %}
