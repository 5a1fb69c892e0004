{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='event_day', begin='2024-01-01',
          batch_size='day', lookback=2) }}
select store_id, date_trunc('day', event_at) as event_day, count(*) as events, sum(amount) as amount
from {{ ref('events_daily') }}
group by all
