{{ config(materialized='table') }}
{% set day = modules.datetime.datetime.strptime('2024-03-15 08:30:00', '%Y-%m-%d %H:%M:%S') %}
{% set found = modules.re.match('(\\w+)@(\\w+)\\.com', 'bob@example.com') %}
{% set settings = fromjson('{"b": 2, "a": [1, 2.5, "x"], "c": null, "d": {"e": true}}') %}
{% set pairs = zip(['first', 'second', 'third'], [1, 2]) | list %}
select
  '{{ day }}' as day_text,
  '{{ day.strftime('%Y/%m/%d %H') }}' as day_formatted,
  {{ day.year }} as day_year,
  '{{ day.isoformat() }}' as day_iso,
  '{{ modules.datetime.date(2024, 1, 31) }}' as plain_date,
  '{{ modules.datetime.timedelta(days=2, hours=3) }}' as delta,
  '{{ found.group(2) }}' as domain,
  '{{ modules.re.findall('[0-9]+', 'a1b22c333') | join('-') }}' as numbers,
  '{{ slug('Hello, World!') }}' as slugged,
  '{{ tojson(settings) }}' as json_text,
  '{{ tojson(settings, sort_keys=True) }}' as json_sorted,
  {{ settings.b + 1 }} as b_plus_one,
  {{ settings['a'][1] }} as a_second,
{%- for name, value in pairs %}
  {{ value }} as pair_{{ name }},
{%- endfor %}
  {{ pairs | length }} as pair_count
