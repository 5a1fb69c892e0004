{{ config(schema='marts') }}
select 'marts' as asked_for, '{{ this.schema }}' as built_in
