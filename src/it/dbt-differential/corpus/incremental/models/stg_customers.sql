{{ config(materialized='view') }}
-- the current state of each customer
select customer_id, name, tier, updated_at
from {{ source('raw', 'customers') }}
qualify row_number() over (partition by customer_id order by updated_at desc) = 1
