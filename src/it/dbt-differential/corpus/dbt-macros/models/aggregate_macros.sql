select
  customer,
  {{ dbt.listagg('path', "', '", 'order by event_id') }} as paths,
  {{ listagg('cast(event_id as varchar)', order_by_clause='order by event_id desc') }} as ids_desc,
  {{ dbt.listagg('path', "'|'", 'order by event_id', 2) }} as first_two_paths,
  {{ dbt.any_value('upper(customer)') }} as customer_upper,
  {{ any_value('length(customer)') }} as customer_length,
  {{ dbt.bool_or('flag') }} as any_flag,
  {{ bool_or('event_id > 3') }} as any_big_id
from {{ source('raw', 'events') }}
group by customer
