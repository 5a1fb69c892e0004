select
    customer_account_identifier,
    membership_tier,
    sales_region,
    membership_tier in ('gold', 'platinum') as is_premium_member
from {{ source('raw', 'customer_accounts_with_a_rather_long_name') }}
