{#- generate_series as dbt-duckdb writes it and as dbt's default writes it, and the helper that sizes the default. -#}
with duckdb_series as (
  {{ dbt.generate_series(11) }}
), default_series as (
  {{ dbt.default__generate_series(11) }}
)
select d.generated_number, f.generated_number as default_number, {{ dbt.get_powers_of_two(11) }} as powers, {{ get_powers_of_two(1) }} as powers_of_one
from duckdb_series d full join default_series f on d.generated_number = f.generated_number
