-- Customers, one row per SCD2 version, with tidied names and emails.
select
    customer_id,
    trim(customer_name) as customer_name,
    lower(trim(email)) as email,
    signup_date,
    lower(tier) as tier,
    valid_from,
    valid_to,
    is_current
from {{ source('raw', 'raw_customers') }}
