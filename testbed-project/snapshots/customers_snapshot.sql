{% snapshot customers_snapshot %}
{{ config(unique_key='customer_id', strategy='timestamp', updated_at='changed_on') }}
-- The customers as they are at each build, kept as history: a customer whose current version starts later than the
-- snapshot's current version gets a new version (generate-data with -Dtestbed.day=2 makes such changes).
select customer_id, customer_name, email, tier, signup_date, valid_from as changed_on
from {{ ref('stg_customers') }}
where is_current
{% endsnapshot %}
