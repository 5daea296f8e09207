-- phase 1: no transaction
-- create the schema if missing
create schema if not exists "snapshots";

-- phase 2: begin
-- create the snapshot customers_snapshot (rows affected)
create table "snapshots"."customers_snapshot" as (
select *,
  md5(coalesce(cast("id" as varchar), '') || '|' || coalesce(cast("updated_at" as varchar), '')) as "dbt_scd_id",
  "updated_at" as "dbt_updated_at",
  "updated_at" as "dbt_valid_from",
  coalesce(nullif("updated_at", "updated_at"), null) as "dbt_valid_to"
from (
select * from raw.customers
) as snapshot_query
);
-- create index on "id"
create index if not exists "fcc3d932a1d339750b09da369da20b82" on "snapshots"."customers_snapshot" ("id");
-- grant select
grant select on "snapshots"."customers_snapshot" to "reporter";
-- commit
