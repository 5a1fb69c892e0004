{{ config(materialized='table') }}
select order_id, customer_id, amount, ordered_at, coalesce(note, '') as note
from {{ source('raw', 'orders') }}
