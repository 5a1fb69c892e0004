{{ config(materialized='table') }}
select order_id from {{ source('raw', 'orders') }}
