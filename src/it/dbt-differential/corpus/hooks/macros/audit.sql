{# One audit row: which node, which hook, how many audit rows this node had before (so its hooks' order), and what
   the hook saw of the node's relation: its rows in a post-hook (the rows just built, committed or not), whether
   it exists (1 or 0) in a pre-hook. #}
{% macro audit(event, post=false) %}
insert into {{ target.database }}.main.audit
select '{{ this.name }}', '{{ event }}',
       (select count(*) from {{ target.database }}.main.audit where node = '{{ this.name }}'),
{% if post %}
       (select count(*) from {{ this }})
{% else %}
       (select count(*) from duckdb_tables() where database_name = '{{ this.database }}'
        and schema_name = '{{ this.schema }}' and table_name = '{{ this.identifier }}')
{% endif %}
{% endmacro %}
