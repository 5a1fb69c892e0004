select p.order_id, {{ local_pkg.cents('p.amount') }} as cents, {{ vendored_pkg.label("'MiXeD'") }} as lbl, v.name,
  '{{ dbt.escape_single_quotes("it's") }}' as escaped, c.country
from {{ ref('local_pkg', 'pkg_orders') }} p
cross join {{ ref('vendored_model') }} v
left join {{ ref('vendored_pkg', 'countries') }} c on c.code = case when p.order_id = 1 then 'NL' else 'XX' end
