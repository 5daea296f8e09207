-- note: applied index changes: 1 created, 1 dropped

-- phase 1: begin
-- drop index old_day_idx, no longer configured
drop index if exists "marts"."old_day_idx";
-- create index on "revenue"
create index if not exists "13e6cd04ad06a66799f6310f7d66992a" on "marts"."daily_revenue" ("revenue");
-- refresh daily_revenue
refresh materialized view "marts"."daily_revenue";
-- commit
