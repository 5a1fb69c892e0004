select
  event_id,
  cast(event_id as {{ dbt.type_string() }}) as as_string,
  cast(day as {{ dbt.type_timestamp() }}) as as_timestamp,
  cast(amount as {{ dbt.type_float() }}) as as_float,
  cast(amount as {{ dbt.type_numeric() }}) as as_numeric,
  cast(event_id as {{ dbt.type_bigint() }}) as as_bigint,
  cast(amount as {{ type_int() }}) as as_int,
  cast(event_id % 2 as {{ type_boolean() }}) as as_boolean,
  '{{ type_string() }}|{{ type_timestamp() }}|{{ type_float() }}|{{ type_numeric() }}|{{ type_bigint() }}|{{ type_int() }}|{{ type_boolean() }}' as type_names
from {{ source('raw', 'events') }}
