-- a trailing ';' after one query is fine, as in dbt
select transaction_id, store_id, sale_date, amount
from {{ source('raw', 'raw_sales') }};
