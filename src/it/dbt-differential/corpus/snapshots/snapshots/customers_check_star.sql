{# every column of the source, whose columns grow in run 2 #}
{% snapshot customers_check_star %}
{{ config(unique_key='customer_id', strategy='check', check_cols='all') }}
select * from {{ source('raw', 'customers') }}
{% endsnapshot %}
