-- Stores, one row per SCD2 version.
select
    store_id,
    trim(store_name) as store_name,
    trim(location) as location,
    lower(store_type) as store_type,
    opened_date,
    valid_from,
    valid_to,
    is_current
from {{ source('raw', 'raw_stores') }}
