{{ config(severity='warn') }}
-- orders whose region the reference file does not know: finds some, as a warning
select o.* from {{ ref('stg_orders') }} o
where o.region_code not in (select region_code from {{ ref('regions') }})
