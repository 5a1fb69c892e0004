select order_id, amount, {{ doubled_cents('amount') }} as amount_cents, {{ var('multiplier') }} as multiplier, {{ var('only_here') }} as only_here,
  '{{ this.schema }}' as where_built
from {{ ref('base_orders') }}
