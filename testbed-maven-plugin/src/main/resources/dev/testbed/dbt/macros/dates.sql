{#- dbt's cross-database date macros. Each public macro dispatches in the 'dbt' namespace, so that a project or package
    can replace one for duckdb (duckdb__name) or for every adapter (default__name); the duckdb__ variants give the SQL
    that dbt-duckdb 1.11 gives. -#}

{% macro datediff(first_date, second_date, datepart) -%}
  {{ return(adapter.dispatch('datediff', 'dbt')(first_date, second_date, datepart)) }}
{%- endmacro %}

{% macro default__datediff(first_date, second_date, datepart) -%}
  datediff({{ datepart }}, {{ first_date }}, {{ second_date }})
{%- endmacro %}

{#- DuckDB's date_diff('week', ...) counts whole 7-day spans; dbt counts week boundaries crossed, as other warehouses do:
    the whole weeks of the day difference, plus one when the second date's weekday comes before the first's. -#}
{% macro duckdb__datediff(first_date, second_date, datepart) -%}
  {%- if datepart == 'week' -%}
    ({{ dbt.datediff(first_date, second_date, 'day') }} // 7 + case
        when date_part('dow', ({{ first_date }})::timestamp) <= date_part('dow', ({{ second_date }})::timestamp)
          then case when {{ first_date }} <= {{ second_date }} then 0 else -1 end
        else case when {{ first_date }} <= {{ second_date }} then 1 else 0 end
      end)
  {%- else -%}
    (date_diff('{{ datepart }}', {{ first_date }}::timestamp, {{ second_date }}::timestamp))
  {%- endif -%}
{%- endmacro %}

{% macro dateadd(datepart, interval, from_date_or_timestamp) -%}
  {{ return(adapter.dispatch('dateadd', 'dbt')(datepart, interval, from_date_or_timestamp)) }}
{%- endmacro %}

{% macro default__dateadd(datepart, interval, from_date_or_timestamp) -%}
  dateadd({{ datepart }}, {{ interval }}, {{ from_date_or_timestamp }})
{%- endmacro %}

{#- The interval may be a column or an expression, so it multiplies a one-unit interval; DuckDB has no quarter interval
    and a week is written as seven days, as dbt-duckdb does. -#}
{% macro duckdb__dateadd(datepart, interval, from_date_or_timestamp) -%}
  {%- set unit = datepart | lower -%}
  {%- if unit == 'quarter' -%}
    ({{ from_date_or_timestamp }} + (cast({{ interval }} as bigint) * 3) * interval 1 month)
  {%- elif unit == 'week' -%}
    ({{ from_date_or_timestamp }} + (cast({{ interval }} as bigint) * 7) * interval 1 day)
  {%- else -%}
    ({{ from_date_or_timestamp }} + cast({{ interval }} as bigint) * interval 1 {{ unit }})
  {%- endif -%}
{%- endmacro %}

{% macro date_trunc(datepart, date) -%}
  {{ return(adapter.dispatch('date_trunc', 'dbt')(datepart, date)) }}
{%- endmacro %}

{% macro default__date_trunc(datepart, date) -%}
  date_trunc('{{ datepart }}', {{ date }})
{%- endmacro %}

{% macro last_day(date, datepart) -%}
  {{ return(adapter.dispatch('last_day', 'dbt')(date, datepart)) }}
{%- endmacro %}

{#- The day before the start of the next period: truncate, add one period, step back a day. -#}
{% macro default_last_day(date, datepart) -%}
  cast({{ dbt.dateadd('day', '-1', dbt.dateadd(datepart, '1', dbt.date_trunc(datepart, date))) }} as date)
{%- endmacro %}

{% macro default__last_day(date, datepart) -%}
  {{ dbt.default_last_day(date, datepart) }}
{%- endmacro %}

{% macro duckdb__last_day(date, datepart) -%}
  {%- if datepart == 'quarter' -%}
    cast({{ dbt.dateadd('day', '-1', dbt.dateadd('month', '3', dbt.date_trunc(datepart, date))) }} as date)
  {%- else -%}
    {{ dbt.default_last_day(date, datepart) }}
  {%- endif -%}
{%- endmacro %}

{% macro date(year, month, day) -%}
  {{ return(adapter.dispatch('date', 'dbt')(year, month, day)) }}
{%- endmacro %}

{#- dbt's default writes to_date('yyyy-mm-dd', 'YYYY-MM-DD'), a function DuckDB does not have; make_date gives that date. -#}
{% macro default__date(year, month, day) -%}
  make_date({{ year }}, {{ month }}, {{ day }})
{%- endmacro %}

{% macro duckdb__date(year, month, day) -%}
  make_date({{ year }}, {{ month }}, {{ day }})
{%- endmacro %}

{% macro get_powers_of_two(upper_bound) -%}
  {{ return(adapter.dispatch('get_powers_of_two', 'dbt')(upper_bound)) }}
{%- endmacro %}

{#- The smallest n (from 1) with 2^n >= upper_bound: the number of binary digits that count up to it. -#}
{% macro default__get_powers_of_two(upper_bound) -%}
  {%- if upper_bound <= 0 -%}
    {{ exceptions.raise_compiler_error("upper bound must be positive") }}
  {%- endif -%}
  {%- set state = {'power': 2} -%}
  {%- for n in range(1, 100) -%}
    {%- if upper_bound <= state.power -%}
      {{ return(n) }}
    {%- endif -%}
    {%- do state.update({'power': state.power * 2}) -%}
  {%- endfor -%}
{%- endmacro %}

{% macro generate_series(upper_bound) -%}
  {{ return(adapter.dispatch('generate_series', 'dbt')(upper_bound)) }}
{%- endmacro %}

{#- Numbers 1..upper_bound from the cross join of n two-row tables, one binary digit each. -#}
{% macro default__generate_series(upper_bound) -%}
  {%- set digits = dbt.get_powers_of_two(upper_bound) -%}
  with p as (select 0 as generated_number union all select 1),
  unioned as (
    select {% for i in range(digits) %}p{{ i }}.generated_number * power(2, {{ i }}) + {% endfor %}1 as generated_number
    from {% for i in range(digits) %}p as p{{ i }}{% if not loop.last %} cross join {% endif %}{% endfor %}
  )
  select * from unioned where generated_number <= {{ upper_bound }} order by generated_number
{%- endmacro %}

{% macro duckdb__generate_series(upper_bound) -%}
  select generate_series as generated_number from generate_series(1, {{ upper_bound }})
{%- endmacro %}

{% macro get_intervals_between(start_date, end_date, datepart) -%}
  {{ return(adapter.dispatch('get_intervals_between', 'dbt')(start_date, end_date, datepart)) }}
{%- endmacro %}

{#- Asks the warehouse how many dateparts lie between the two dates; while dbt parses (nothing runs), 1. -#}
{% macro default__get_intervals_between(start_date, end_date, datepart) -%}
  {%- call statement('get_intervals_between', fetch_result=True) -%}
    select {{ dbt.datediff(start_date, end_date, datepart) }}
  {%- endcall -%}
  {%- set result = load_result('get_intervals_between') -%}
  {%- if result and result['data'] -%}
    {{ return(result['data'][0][0]) }}
  {%- else -%}
    {{ return(1) }}
  {%- endif -%}
{%- endmacro %}

{% macro date_spine(datepart, start_date, end_date) -%}
  {{ return(adapter.dispatch('date_spine', 'dbt')(datepart, start_date, end_date)) }}
{%- endmacro %}

{#- One row per datepart from start_date, up to and including end_date, in a column named date_<datepart>. -#}
{% macro default__date_spine(datepart, start_date, end_date) -%}
  with rawdata as (
    {{ dbt.generate_series(dbt.get_intervals_between(start_date, end_date, datepart)) }}
  ),
  all_periods as (
    select ({{ dbt.dateadd(datepart, 'row_number() over (order by 1) - 1', start_date) }}) as date_{{ datepart }}
    from rawdata
  ),
  filtered as (
    select * from all_periods where date_{{ datepart }} <= {{ end_date }}
  )
  select * from filtered
{%- endmacro %}
