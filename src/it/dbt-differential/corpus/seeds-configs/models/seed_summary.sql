{{ config(materialized='table') }}
-- refs seeds in custom schemas and under an alias, so the relations dbt builds are the ones the model reads
select
    r.region_id,
    r.region_name,
    (select count(*) from {{ ref('country_codes') }}) as countries,
    (select sum(unit_price) from {{ ref('price_list') }}) as price_total,
    (select max(rate) from {{ ref('exchange_rates') }}) as max_rate,
    (select sum(attendees) from {{ ref('events_calendar') }}) as attendees,
    (select count(*) from {{ ref('store_hours') }}) as stores
from {{ ref('regions') }} r
