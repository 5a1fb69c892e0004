{# every column compared; the key is a list; a deleted customer gets a version of its own #}
{% snapshot customers_check_all %}
{{
    config(
      unique_key=['customer_id', 'region'],
      strategy='check',
      check_cols='all',
      hard_deletes='new_record',
      dbt_valid_to_current="timestamp '9999-12-31'",
      schema='history'
    )
}}
select customer_id, region, name, tier, email from {{ ref('stg_customers') }}
{% endsnapshot %}
