-- setup
-- create the schema if missing
create schema if not exists "analytics";

begin;
-- create orders empty, with the batches' columns
create table "analytics"."orders" as (
select * from (
select id, status, updated_at from "raw"."orders"
) as model_rows
where model_rows."updated_at" >= '2024-03-01 00:00:00+00:00'
  and model_rows."updated_at" < '2024-03-02 00:00:00+00:00'
) with no data;
commit;

-- batch 2024-03-01
begin;
-- load the new rows into a temp table
create temporary table "orders__strata_tmp_run1_1" on commit drop as (
select * from (
select id, status, updated_at from "raw"."orders"
) as model_rows
where model_rows."updated_at" >= '2024-03-01 00:00:00+00:00'
  and model_rows."updated_at" < '2024-03-02 00:00:00+00:00'
);
-- merge the new rows [rows]
merge into "analytics"."orders" as DBT_INTERNAL_DEST
using "pg_temp"."orders__strata_tmp_run1_1" as DBT_INTERNAL_SOURCE
on (DBT_INTERNAL_SOURCE."id" = DBT_INTERNAL_DEST."id")
when matched then update set
  "status" = DBT_INTERNAL_SOURCE."status",
  "updated_at" = DBT_INTERNAL_SOURCE."updated_at"
when not matched then insert ("id", "status", "updated_at")
values (DBT_INTERNAL_SOURCE."id", DBT_INTERNAL_SOURCE."status", DBT_INTERNAL_SOURCE."updated_at");
commit;

-- batch 2024-03-02
begin;
-- load the new rows into a temp table
create temporary table "orders__strata_tmp_run1_2" on commit drop as (
select * from (
select id, status, updated_at from "raw"."orders"
) as model_rows
where model_rows."updated_at" >= '2024-03-02 00:00:00+00:00'
  and model_rows."updated_at" < '2024-03-03 00:00:00+00:00'
);
-- merge the new rows [rows]
merge into "analytics"."orders" as DBT_INTERNAL_DEST
using "pg_temp"."orders__strata_tmp_run1_2" as DBT_INTERNAL_SOURCE
on (DBT_INTERNAL_SOURCE."id" = DBT_INTERNAL_DEST."id")
when matched then update set
  "status" = DBT_INTERNAL_SOURCE."status",
  "updated_at" = DBT_INTERNAL_SOURCE."updated_at"
when not matched then insert ("id", "status", "updated_at")
values (DBT_INTERNAL_SOURCE."id", DBT_INTERNAL_SOURCE."status", DBT_INTERNAL_SOURCE."updated_at");
commit;
