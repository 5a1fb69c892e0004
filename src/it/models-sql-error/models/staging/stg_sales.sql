select transaction_id, customer_id, store_id, sale_date, amount
from {{ source('raw', 'raw_sales') }}
