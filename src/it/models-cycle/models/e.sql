-- e depends on the cycle but is not part of it
select count(*) as n from {{ ref('a') }}
