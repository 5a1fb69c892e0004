-- A sale happens at a store that is open: on or after its opened_date. Returns the sales that are not.
select s.transaction_id, s.store_id, s.sale_date, st.opened_date
from {{ ref('stg_sales') }} s
join {{ ref('stg_stores') }} st on st.store_id = s.store_id and st.is_current
where s.sale_date < st.opened_date
