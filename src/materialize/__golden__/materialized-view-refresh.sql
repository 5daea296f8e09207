-- phase 1: no transaction
-- create the schema if missing
create schema if not exists "marts";

-- phase 2: begin
-- refresh daily_revenue
refresh materialized view "marts"."daily_revenue";
-- commit
