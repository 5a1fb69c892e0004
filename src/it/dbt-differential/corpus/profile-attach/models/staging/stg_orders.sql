select order_id, region_code, amount, order_date from {{ source('raw', 'orders') }}
