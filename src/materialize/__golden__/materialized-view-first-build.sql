-- phase 1: no transaction
-- create the schema if missing
create schema if not exists "marts";

-- phase 2: begin
-- build daily_revenue (rows affected)
create materialized view "marts"."daily_revenue" as (
select ordered_at as day, sum(amount) as revenue from raw.orders group by 1
);
-- create unique index on "day"
create unique index if not exists "6a2b9e3884849cde4544870df627f189" on "marts"."daily_revenue" ("day");
-- commit
