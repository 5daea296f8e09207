-- note: added column email to the snapshot

-- phase 1: begin
-- widen column name to character varying(40)
alter table "snapshots"."customers_snapshot" alter column "name" type character varying(40);
-- add the new column email
alter table "snapshots"."customers_snapshot" add column "email" text;
-- stage the changes since the last run
create temporary table "customers_snapshot__strata_tmp_run1" on commit drop as (
with snapshot_query as (
select * from raw.customers
),
snapshotted_data as (
  select *, "id" as dbt_unique_key_1
  from "snapshots"."customers_snapshot" as snapshot
  where snapshot."dbt_valid_to" is null
),
source_data as (
  select *, "id" as dbt_unique_key_1,
    "updated_at" as dbt_source_updated_at,
    md5(coalesce(cast("id" as varchar), '') || '|' || coalesce(cast("updated_at" as varchar), '')) as dbt_source_scd_id
  from snapshot_query
),
insertions as (
  select 'insert' as dbt_change_type, source_data."id", source_data."name", source_data."updated_at", source_data."email",
    source_data.dbt_source_updated_at as "dbt_updated_at",
    source_data.dbt_source_updated_at as "dbt_valid_from",
    coalesce(nullif(source_data.dbt_source_updated_at, source_data.dbt_source_updated_at), null) as "dbt_valid_to",
    source_data.dbt_source_scd_id as "dbt_scd_id"
  from source_data
  left join snapshotted_data on snapshotted_data.dbt_unique_key_1 = source_data.dbt_unique_key_1
  where snapshotted_data.dbt_unique_key_1 is null or (snapshotted_data."dbt_valid_from" < source_data."updated_at")
),
updates as (
  select 'update' as dbt_change_type, source_data."id", source_data."name", source_data."updated_at", source_data."email",
    source_data.dbt_source_updated_at as "dbt_updated_at",
    source_data.dbt_source_updated_at as "dbt_valid_from",
    source_data.dbt_source_updated_at as "dbt_valid_to",
    snapshotted_data."dbt_scd_id"
  from source_data
  join snapshotted_data on snapshotted_data.dbt_unique_key_1 = source_data.dbt_unique_key_1
  where (snapshotted_data."dbt_valid_from" < source_data."updated_at")
)
select * from insertions
union all
select * from updates
);
-- close the current versions of changed rows
update "snapshots"."customers_snapshot" as snapshot
set "dbt_valid_to" = staging."dbt_valid_to"
from "customers_snapshot__strata_tmp_run1" as staging
where staging."dbt_scd_id"::text = snapshot."dbt_scd_id"::text
  and staging.dbt_change_type in ('update', 'delete')
  and snapshot."dbt_valid_to" is null;
-- insert the new versions (rows affected)
insert into "snapshots"."customers_snapshot" ("id", "name", "updated_at", "email", "dbt_updated_at", "dbt_valid_from", "dbt_valid_to", "dbt_scd_id")
select "id", "name", "updated_at", "email", "dbt_updated_at", "dbt_valid_from", "dbt_valid_to", "dbt_scd_id"
from "customers_snapshot__strata_tmp_run1" as staging
where staging.dbt_change_type = 'insert';
-- commit
