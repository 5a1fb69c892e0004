{% snapshot pkg_orders_snapshot %}
{{ config(unique_key='order_id', strategy='check', check_cols='all') }}
select order_id, amount, {{ cents('amount') }} as cents from {{ ref('base_orders') }}
{% endsnapshot %}
