select transaction_id as order_id, sale_date as order_date, amount
from {{ source('raw', 'raw_sales') }}
