{% macro cents(x) %}({{ x }} * 100){% endmacro %}
{% macro doubled_cents(x) %}({{ cents(x) }} * 2){% endmacro %}
