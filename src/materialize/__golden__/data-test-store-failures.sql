-- phase 1: no transaction
-- create the schema if missing
create schema if not exists "analytics_test_failures";

-- phase 2: begin
-- store the failing rows of not_null_orders_id (rows affected)
create table "analytics_test_failures"."not_null_orders_id__strata_tmp_run1" as (
select * from analytics.orders where id is null
);
-- drop the previous failing rows
drop table if exists "analytics_test_failures"."not_null_orders_id";
-- put the failing rows in place as not_null_orders_id
alter table "analytics_test_failures"."not_null_orders_id__strata_tmp_run1" rename to "not_null_orders_id";
-- commit
