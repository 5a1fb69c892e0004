select customer_id, region, name, tier, email, updated_at from {{ source('raw', 'customers') }}
