select
  sum(n) as failures,
  sum(n) > 10 as should_warn,
  sum(n) >= 100 as should_error
from (
select region, count(*) as n from analytics.orders group by region having count(*) > 1 -- duplicates
limit 50
) dbt_internal_test
