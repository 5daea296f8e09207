begin;
-- load the new rows into a temp table
create temporary table "orders__strata_tmp_run1" on commit drop as (
select id, status, updated_at from "raw"."orders"
where updated_at > (select max(updated_at) from "analytics"."orders")
);
-- add column amount
alter table "analytics"."orders" add column "amount" numeric(10,2);
-- drop column status
alter table "analytics"."orders" drop column "status";
-- change the type of id from integer to bigint
alter table "analytics"."orders" alter column "id" type bigint using "id"::bigint;
-- delete the rows being replaced
delete from "analytics"."orders" as DBT_INTERNAL_DEST
where ("id") in (
  select distinct "id"
  from "pg_temp"."orders__strata_tmp_run1" as DBT_INTERNAL_SOURCE
);
-- insert the new rows [rows]
insert into "analytics"."orders" ("id", "updated_at", "amount")
select "id", "updated_at", "amount"
from "pg_temp"."orders__strata_tmp_run1";
commit;

-- note: added columns amount to orders
-- note: dropped columns status from orders
-- note: changed the type of id in orders
