select '{{ target.database }}' as target_database, '{{ target.schema }}' as target_schema, '{{ target.name }}' as target_name,
       '{{ target.type }}' as target_type
