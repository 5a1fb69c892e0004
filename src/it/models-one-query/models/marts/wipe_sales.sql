select 1 as x; drop table lake.raw.raw_sales; --
