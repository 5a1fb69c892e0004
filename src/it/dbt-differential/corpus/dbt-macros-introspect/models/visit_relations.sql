{#- load_relation finds the source in the lake while compiling (none while parsing, as in dbt). -#}
{%- set found = dbt.load_relation(source('raw', 'visits')) -%}
{%- set cached = load_cached_relation(source('raw', 'visits')) -%}
select
  {% if found is none %}'none'{% else %}'{{ found.schema }}.{{ found.identifier }}'{% endif %} as found,
  {% if cached is none %}'none'{% else %}'{{ cached.identifier }}'{% endif %} as cached
