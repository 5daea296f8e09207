-- phase 1: begin
-- stage the changes since the last run
create temporary table "prices_snapshot__strata_tmp_run1" on commit drop as (
with snapshot_query as (
select sku, region, price from raw.prices
),
snapshotted_data as (
  select *, "sku" as dbt_unique_key_1, "region" as dbt_unique_key_2
  from "snapshots"."prices_snapshot" as snapshot
  where (snapshot."valid_to" = '9999-12-31'::timestamp or snapshot."valid_to" is null)
),
source_data as (
  select *, "sku" as dbt_unique_key_1, "region" as dbt_unique_key_2,
    now()::timestamp without time zone as dbt_source_updated_at,
    md5(coalesce(cast("sku" as varchar), '') || '|' || coalesce(cast("region" as varchar), '') || '|' || coalesce(cast(now()::timestamp without time zone as varchar), '')) as dbt_source_scd_id
  from snapshot_query
),
insertions as (
  select 'insert' as dbt_change_type, source_data."sku", source_data."region", source_data."price",
    source_data.dbt_source_updated_at as "dbt_updated_at",
    source_data.dbt_source_updated_at as "valid_from",
    coalesce(nullif(source_data.dbt_source_updated_at, source_data.dbt_source_updated_at), '9999-12-31'::timestamp) as "valid_to",
    source_data.dbt_source_scd_id as "dbt_scd_id",
    'False'::text as "dbt_is_deleted"
  from source_data
  left join snapshotted_data on snapshotted_data.dbt_unique_key_1 = source_data.dbt_unique_key_1 and snapshotted_data.dbt_unique_key_2 = source_data.dbt_unique_key_2
  where snapshotted_data.dbt_unique_key_1 is null or ((snapshotted_data."price" is distinct from source_data."price") or snapshotted_data."dbt_is_deleted" = 'True')
),
updates as (
  select 'update' as dbt_change_type, source_data."sku", source_data."region", source_data."price",
    source_data.dbt_source_updated_at as "dbt_updated_at",
    source_data.dbt_source_updated_at as "valid_from",
    source_data.dbt_source_updated_at as "valid_to",
    snapshotted_data."dbt_scd_id",
    snapshotted_data."dbt_is_deleted" as "dbt_is_deleted"
  from source_data
  join snapshotted_data on snapshotted_data.dbt_unique_key_1 = source_data.dbt_unique_key_1 and snapshotted_data.dbt_unique_key_2 = source_data.dbt_unique_key_2
  where ((snapshotted_data."price" is distinct from source_data."price") or snapshotted_data."dbt_is_deleted" = 'True')
),
deletes as (
  select 'delete' as dbt_change_type, source_data."sku", source_data."region", source_data."price",
    now()::timestamp without time zone as "dbt_updated_at",
    now()::timestamp without time zone as "valid_from",
    now()::timestamp without time zone as "valid_to",
    snapshotted_data."dbt_scd_id",
    snapshotted_data."dbt_is_deleted" as "dbt_is_deleted"
  from snapshotted_data
  left join source_data on snapshotted_data.dbt_unique_key_1 = source_data.dbt_unique_key_1 and snapshotted_data.dbt_unique_key_2 = source_data.dbt_unique_key_2
  where source_data.dbt_unique_key_1 is null and snapshotted_data."dbt_is_deleted" is distinct from 'True'
),
deletion_records as (
  select 'insert' as dbt_change_type, snapshotted_data."sku", snapshotted_data."region", snapshotted_data."price",
    now()::timestamp without time zone as "dbt_updated_at",
    now()::timestamp without time zone as "valid_from",
    snapshotted_data."valid_to",
    md5(coalesce(cast(snapshotted_data."dbt_scd_id" as varchar), '') || '|' || coalesce(cast(now()::timestamp without time zone as varchar), '')) as "dbt_scd_id",
    'True'::text as "dbt_is_deleted"
  from snapshotted_data
  left join source_data on snapshotted_data.dbt_unique_key_1 = source_data.dbt_unique_key_1 and snapshotted_data.dbt_unique_key_2 = source_data.dbt_unique_key_2
  where source_data.dbt_unique_key_1 is null and snapshotted_data."dbt_is_deleted" is distinct from 'True'
)
select * from insertions
union all
select * from updates
union all
select * from deletes
union all
select * from deletion_records
);
-- close the current versions of changed rows
update "snapshots"."prices_snapshot" as snapshot
set "valid_to" = staging."valid_to"
from "prices_snapshot__strata_tmp_run1" as staging
where staging."dbt_scd_id"::text = snapshot."dbt_scd_id"::text
  and staging.dbt_change_type in ('update', 'delete')
  and (snapshot."valid_to" = '9999-12-31'::timestamp or snapshot."valid_to" is null);
-- insert the new versions (rows affected)
insert into "snapshots"."prices_snapshot" ("sku", "region", "price", "dbt_updated_at", "valid_from", "valid_to", "dbt_scd_id", "dbt_is_deleted")
select "sku", "region", "price", "dbt_updated_at", "valid_from", "valid_to", "dbt_scd_id", "dbt_is_deleted"
from "prices_snapshot__strata_tmp_run1" as staging
where staging.dbt_change_type = 'insert';
-- commit
