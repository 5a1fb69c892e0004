select customer, 'except' as operation from {{ source('raw', 'events') }}
{{ dbt.except() }}
select customer, 'except' from {{ source('raw', 'events') }} where flag
union all
(
  select customer, 'intersect' from {{ source('raw', 'events') }} where flag
  {{ intersect() }}
  select customer, 'intersect' from {{ source('raw', 'events') }} where not flag
)
