-- a reads b
select customer_id, amount
from {{ ref('b') }}
