select order_id, customer_id, lower(status) as status, amount, ordered_at
from {{ source('raw', 'orders') }}
