-- b reads c
{{ config(materialized='table') }}
select customer_id, amount
from {{ ref('c') }}
where amount > 0
