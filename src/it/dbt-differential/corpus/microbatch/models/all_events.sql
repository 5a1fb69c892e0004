{{ config(materialized='table') }}
-- not microbatch: reads every event of events_daily, unfiltered
select count(*) as events, sum(amount) as amount from {{ ref('events_daily') }}
