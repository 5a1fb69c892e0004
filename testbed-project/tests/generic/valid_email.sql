{#
  A custom generic test, declared the way dbt projects declare their own: the rows whose column is not a plausible
  e-mail address (one @, a dot in the domain, no spaces, lower case after staging).
#}
{% test valid_email(model, column_name) %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} is not null
  and not regexp_full_match({{ column_name }}, '[a-z0-9._+-]+@[a-z0-9-]+(\.[a-z0-9-]+)+')
{% endtest %}
