{{ config(
    pre_hook=["{{ audit('model pre 1') }}", "{{ audit('model pre 2') }}"],
    post_hook=[
      "{{ audit('model post', post=true) }}",
      {"sql": "{{ audit('after commit', post=true) }}", "transaction": false}
    ]
) }}
select customer, count(*) as orders, sum(amount) as amount
from {{ ref('stg_orders') }}
group by customer
