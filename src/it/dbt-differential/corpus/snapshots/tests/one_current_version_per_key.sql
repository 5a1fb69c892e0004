-- a key has one current version at most, a deletion marker included
{{ config(severity='warn') }}
select customer_id, region, count(*) as current_versions
from {{ ref('customers_check_all') }}
where dbt_valid_to = timestamp '9999-12-31'
group by customer_id, region
having count(*) > 1
