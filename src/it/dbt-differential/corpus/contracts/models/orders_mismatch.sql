{{ config(materialized='table') }}
select order_id, amount, 'extra' as extra from {{ source('raw', 'orders') }}
