{{ config(incremental_strategy='append') }}
-- one row per run: what var() and env_var() gave, and whether the run was incremental
select
    {{ var('batch') }} as batch,
    '{{ "incremental" if is_incremental() else "full" }}' as mode,
    '{{ var("default_only", "the_default") }}' as default_only,
    '{{ var("project_only") }}' as project_only,
    '{{ var("overridden_by_pom", "unused_default") }}' as overridden_by_pom,
    '{{ var("overridden_by_cli") }}' as overridden_by_cli,
    '{{ env_var("TESTBED_IT_REGION", "unset") }}' as env_set,
    '{{ env_var("TESTBED_IT_NEVER_SET", "env_default") }}' as env_default,
    '{{ this }}' as this_relation,
    '{{ target.name }}.{{ target.schema }}' as target_name_schema
{% if is_incremental() %}
where {{ var('batch') }} > (select max(batch) from {{ this }})
{% endif %}
