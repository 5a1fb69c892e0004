{#- The current time differs between the two builds: compare its type and that it is today. -#}
select
  typeof({{ dbt.current_timestamp() }}) as now_type,
  cast({{ current_timestamp() }} as date) = current_date as now_is_today,
  typeof({{ dbt.current_timestamp_backcompat() }}) as backcompat_type,
  typeof({{ dbt.current_timestamp_in_utc_backcompat() }}) as in_utc_type,
  {{ dbt.datediff(dbt.current_timestamp_backcompat(), 'now()', 'day') }} as backcompat_days_ago
