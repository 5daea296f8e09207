begin;
-- load the new rows into a temp table
create temporary table "orders__strata_tmp_run1" on commit drop as (
select id, status, updated_at from "raw"."orders"
where updated_at > (select max(updated_at) from "analytics"."orders")
);
-- merge the new rows [rows]
merge into "analytics"."orders" as DBT_INTERNAL_DEST
using "pg_temp"."orders__strata_tmp_run1" as DBT_INTERNAL_SOURCE
on (DBT_INTERNAL_SOURCE."id" = DBT_INTERNAL_DEST."id")
when matched then update set
  "updated_at" = DBT_INTERNAL_SOURCE."updated_at"
when not matched then insert ("id", "status", "updated_at")
values (DBT_INTERNAL_SOURCE."id", DBT_INTERNAL_SOURCE."status", DBT_INTERNAL_SOURCE."updated_at");
commit;
