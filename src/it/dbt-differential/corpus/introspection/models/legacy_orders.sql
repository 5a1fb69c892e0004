{{ config(materialized='table') }}
{% set legacy = adapter.get_relation(database=target.database, schema='raw', identifier='legacy_orders') %}
{% set missing = adapter.get_relation(database=target.database, schema='raw', identifier='no_such_table') %}
{% if legacy is not none %}
select count(*) as legacy_rows, '{{ legacy.type }}' as legacy_type, {{ missing is none }} as missing_is_none from {{ legacy }}
{% else %}
select 0 as legacy_rows, 'none' as legacy_type, {{ missing is none }} as missing_is_none
{% endif %}
