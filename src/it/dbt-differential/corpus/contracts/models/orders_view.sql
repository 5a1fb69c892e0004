{{ config(materialized='view') }}
select order_id, amount * 2 as doubled from {{ source('raw', 'orders') }}
