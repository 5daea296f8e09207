-- note: rebuilt the materialized view daily_revenue: full refresh
-- note: re-created 1 dependent view: marts.last_week

-- phase 1: begin
-- build daily_revenue (rows affected)
create materialized view "marts"."daily_revenue__strata_tmp_run1" as (
select ordered_at as day, sum(amount) as revenue from raw.orders group by 1
);
-- create unique index on "day"
create unique index if not exists "6a2b9e3884849cde4544870df627f189" on "marts"."daily_revenue__strata_tmp_run1" ("day");
-- move the previous daily_revenue aside
alter materialized view "marts"."daily_revenue" rename to "daily_revenue__strata_backup_run1";
-- put the new daily_revenue in place
alter materialized view "marts"."daily_revenue__strata_tmp_run1" rename to "daily_revenue";
-- drop dependent view last_week to re-create it
drop view "marts"."last_week";
-- drop the previous daily_revenue
drop materialized view "marts"."daily_revenue__strata_backup_run1";
-- re-create dependent view last_week from its catalog definition
create view "marts"."last_week" as (
 SELECT * FROM marts.daily_revenue
);
-- commit
