{% snapshot customers_legacy %}
{{ config(unique_key='customer_id', strategy='check', check_cols=['tier', 'email'], invalidate_hard_deletes=true,
          snapshot_meta_column_names={'dbt_valid_from': 'valid_from', 'dbt_valid_to': 'valid_to', 'dbt_scd_id': 'version_id'}) }}
select customer_id, tier, email, updated_at from {{ source('raw', 'customers') }}
{% endsnapshot %}
