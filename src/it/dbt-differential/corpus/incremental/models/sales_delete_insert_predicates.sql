{{ config(incremental_strategy='delete+insert', unique_key=['sale_id'],
          incremental_predicates=["DBT_INCREMENTAL_TARGET.sale_date >= DATE '2024-01-03'"]) }}
select sale_id, version, amount, sale_date
from {{ ref('stg_sales') }}
