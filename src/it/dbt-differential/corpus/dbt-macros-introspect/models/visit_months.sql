{#- The spine's length is computed at compile time from the source's rows, which grow between runs. -#}
with months as (
  {{ dbt.date_spine(
      'month',
      "(select " ~ dbt.date_trunc('month', 'min(visited_on)') ~ " from " ~ source('raw', 'visits') ~ ")",
      "(select max(visited_on) from " ~ source('raw', 'visits') ~ ")") }}
)
select m.date_month, count(v.visit_id) as visits
from months m left join {{ source('raw', 'visits') }} v on {{ dbt.date_trunc('month', 'v.visited_on') }} = m.date_month
group by m.date_month
