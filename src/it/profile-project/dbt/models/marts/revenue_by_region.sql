select r.region_code, r.region_name, count(*) as orders, sum(o.amount) as revenue, '{{ target.database }}' as built_in
from {{ ref('orders') }} o
join {{ ref('regions') }} r using (region_code)
group by all
