{#- A relation as the warehouse has it: the adapter looks it up by database, schema and identifier; none when absent. -#}
{% macro load_cached_relation(relation) -%}
  {{ return(adapter.get_relation(database=relation.database, schema=relation.schema, identifier=relation.identifier)) }}
{%- endmacro %}

{#- The older name, which packages such as dbt_utils still call. -#}
{% macro load_relation(relation) -%}
  {{ return(load_cached_relation(relation)) }}
{%- endmacro %}
