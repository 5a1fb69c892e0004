{{ config(materialized='table') }}
select
    r.region_code,
    r.region_name,
    count(t.quarter) as quarters_planned,
    sum(t.target) as total_target,
    cast(sum(t.target) * (1 + r.tax_rate) as decimal(12, 2)) as total_with_tax
from {{ ref('regions') }} r
left join {{ ref('region_targets') }} t using (region_code)
group by r.region_code, r.region_name, r.tax_rate
