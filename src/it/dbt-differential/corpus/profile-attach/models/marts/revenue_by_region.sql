select o.region_code, r.region_name, count(*) as orders, sum(o.amount) as revenue
from {{ ref('stg_orders') }} o
left join {{ ref('regions') }} r on r.region_code = o.region_code
group by all
