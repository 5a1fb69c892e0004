select order_id, customer_account_identifier, quantity, ordered_on
from {{ source('raw', 'orders') }}
