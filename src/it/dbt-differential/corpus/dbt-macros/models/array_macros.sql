select
  event_id,
  {{ dbt.array_construct(['event_id', 'event_id * 10']) }} as ids,
  {{ array_construct() }} as no_ints,
  {{ dbt.array_construct([], 'varchar') }} as no_strings,
  {{ dbt.array_append(dbt.array_construct(['1', '2']), 'event_id') }} as appended,
  {{ array_append(array_construct(["'a'"]), 'customer') }} as appended_text,
  {{ dbt.array_concat(dbt.array_construct(['event_id']), array_construct(['1', '2'])) }} as concatenated
from {{ source('raw', 'events') }}
