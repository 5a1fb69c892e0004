select store_id, store_name from {{ source('raw', 'raw_stores') }} where is_current
