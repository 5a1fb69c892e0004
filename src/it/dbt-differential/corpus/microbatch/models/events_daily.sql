{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='event_at', begin='2024-01-01',
          batch_size='day', partitioned_by=['day(event_at)']) }}
select event_id, event_at, store_id, amount from {{ source('raw', 'events') }}
