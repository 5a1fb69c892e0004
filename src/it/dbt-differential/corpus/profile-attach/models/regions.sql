-- from the read-only DuckDB file the profile attaches
select region_code, region_name from ref.main.regions
