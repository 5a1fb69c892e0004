{% test at_least_the_minimum(model, column_name, minimum) %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} < {{ minimum }}
{% endtest %}
