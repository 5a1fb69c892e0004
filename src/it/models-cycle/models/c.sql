-- c reads a, which closes the cycle, and d
select a.customer_id, a.amount
from {{ ref('d') }} d
join {{ ref('a') }} a using (customer_id)
