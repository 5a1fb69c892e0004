-- current customers per tier, one row per tier of the customer_tiers() macro, in its order
{% for tier in customer_tiers() %}
select '{{ tier }}' as tier, {{ loop.index }} as tier_rank, count(*) as customers
from {{ ref('eph_current_customers') }}
where tier = '{{ tier }}'
{% if not loop.last %}union all{% endif %}
{% endfor %}
