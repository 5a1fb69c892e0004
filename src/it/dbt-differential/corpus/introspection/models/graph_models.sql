{{ config(materialized='table') }}
{% set names = [] %}
{% set depends = [] %}
{% if execute %}
  {% for node in graph.nodes.values() %}
    {% if node.resource_type == 'model' %}
      {% do names.append(node.name) %}
    {% endif %}
  {% endfor %}
  {% set depends = graph.nodes['model.introspection.status_pivot'].depends_on.nodes %}
{% endif %}
{% for name in names | sort %}
select '{{ name }}' as model_name, {{ loop.index }} as position, '{{ depends | join(",") }}' as pivot_depends_on,
  {{ graph.sources.values() | list | length }} as sources
{{ "union all" if not loop.last }}
{% endfor %}
