select region_code, region_name from ref.main.regions
