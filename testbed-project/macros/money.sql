{#
  Average of a money sum over a count, rounded half up to the cent with exact integer arithmetic
  (DuckDB divides DECIMALs as DOUBLEs, which can round 0.005 the wrong way). NULL when the count is 0.
  For non-negative totals, which sales amounts are.
#}
{% macro average_amount(total, count) -%}
    case when {{ count }} > 0 then
        cast(cast((2 * cast({{ total }} * 100 as hugeint) + {{ count }}) // (2 * {{ count }}) as decimal(18, 0)) * 0.01 as decimal(12, 2))
    end
{%- endmacro %}
