begin;
-- load the new rows into a temp table
create temporary table "orders__strata_tmp_run1" on commit drop as (
select id, status, updated_at from "raw"."orders"
where updated_at > (select max(updated_at) from "analytics"."orders")
);
-- upsert the new rows (insert … on conflict) [rows]
insert into "analytics"."orders" as DBT_INTERNAL_DEST ("id", "status", "updated_at")
select "id", "status", "updated_at"
from "pg_temp"."orders__strata_tmp_run1" as DBT_INTERNAL_SOURCE
on conflict ("id") do update set
  "status" = excluded."status",
  "updated_at" = excluded."updated_at";
commit;
