{% macro default__label(x) %}lower({{ x }}){% endmacro %}
