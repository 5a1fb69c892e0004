{% macro label(x) %}{{ return(adapter.dispatch('label', 'vendored_pkg')(x)) }}{% endmacro %}
{% macro default__label(x) %}upper({{ x }}){% endmacro %}
{% test positive(model, column_name) %}
select * from {{ model }} where {{ column_name }} <= 0
{% endtest %}
