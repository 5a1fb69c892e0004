select order_id, customer_id, amount, lower(status) as status, ordered_at,
       '{{ env_var("ORDER_REGION", "eu") }}' as region
from {{ source('raw', 'orders') }}
