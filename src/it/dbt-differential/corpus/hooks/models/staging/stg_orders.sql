{{ config(materialized='view', post_hook="{{ audit('model post', post=true) }}") }}
select * from {{ ref('orders') }}
