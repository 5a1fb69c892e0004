{% test dbt_expectations_style_row_count(model, at_most) %}
select count(*) as row_count
from {{ model }}
having count(*) > {{ at_most }}
{% endtest %}
