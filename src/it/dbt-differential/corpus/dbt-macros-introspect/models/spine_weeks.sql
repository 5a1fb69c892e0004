{{ date_spine('week', "cast('2024-01-03' as date)", "cast('2024-04-01' as date)") }}
