{{ config(severity='error') }}
select 1 as missing where (select count(*) from {{ ref('pkg_orders') }}) = 0
