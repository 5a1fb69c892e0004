{{ config(schema='per_env') }}
select 'per_env' as asked_for, '{{ this.schema }}' as built_in
