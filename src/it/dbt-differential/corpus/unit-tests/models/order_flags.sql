select order_id, status = 'returned' as is_returned, amount >= 10 as is_large
from {{ ref('stg_orders') }}
