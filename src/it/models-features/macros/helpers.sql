{# Macros that compute values with return(), as dbt projects write them. #}

{% macro customer_tiers() %}
    {{ return(['bronze', 'silver', 'gold', 'platinum']) }}
{% endmacro %}

{#
  The months of batch n: six months starting 3 * (n - 1) months after var('first_month'), so that
  consecutive batches overlap by three months. Returned as a mapping of month offsets.
#}
{% macro month_window(batch) %}
    {% set start = (batch | int - 1) * 3 %}
    {{ return({'start': start, 'stop': start + 6}) }}
{% endmacro %}
