begin;
-- load the new rows into a temp table
create temporary table "orders__strata_tmp_run1" on commit drop as (
select id, status, updated_at from "raw"."orders"
where updated_at > (select max(updated_at) from "analytics"."orders")
);
-- delete the rows being replaced
delete from "analytics"."orders" as DBT_INTERNAL_DEST
where ("id", "status") in (
  select distinct "id", "status"
  from "pg_temp"."orders__strata_tmp_run1" as DBT_INTERNAL_SOURCE
)
  and (DBT_INTERNAL_DEST.updated_at > now() - interval '7 days');
-- insert the new rows [rows]
insert into "analytics"."orders" ("id", "status", "updated_at")
select "id", "status", "updated_at"
from "pg_temp"."orders__strata_tmp_run1";
commit;
