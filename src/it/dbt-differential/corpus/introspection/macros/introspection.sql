{% macro distinct_values(column, relation) %}
  {% set query %}select distinct {{ column }} from {{ relation }} order by 1{% endset %}
  {% set result = run_query(query) %}
  {% if execute %}
    {{ return(result.columns[0].values()) }}
  {% else %}
    {{ return([]) }}
  {% endif %}
{% endmacro %}

{% macro slug(text) %}
  {{ return(modules.re.sub('[^a-z0-9]+', '_', text | lower)) }}
{% endmacro %}
