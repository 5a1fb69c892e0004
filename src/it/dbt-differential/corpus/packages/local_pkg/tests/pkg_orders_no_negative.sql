-- a package's singular test, in the package's macro namespace and vars; it fails on the negative order, which the
-- package's data_tests config makes a warning
select order_id, {{ cents('amount') }} as cents, {{ var('only_here') }} as v from {{ ref('pkg_orders') }} where amount < 0
