{{ config(materialized='view') }}
-- the latest version of each sale
select sale_id, version, customer_id, product, sale_date, amount
from {{ source('raw', 'sales') }}
qualify row_number() over (partition by sale_id order by version desc) = 1
