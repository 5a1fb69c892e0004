-- The product catalog.
select
    product_id,
    trim(product_name) as product_name,
    category,
    base_price
from {{ source('raw', 'raw_products') }}
