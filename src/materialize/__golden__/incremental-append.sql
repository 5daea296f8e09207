begin;
-- load the new rows into a temp table
create temporary table "orders__strata_tmp_run1" on commit drop as (
select id, status, updated_at from "raw"."orders"
where updated_at > (select max(updated_at) from "analytics"."orders")
);
-- insert the new rows [rows]
insert into "analytics"."orders" ("id", "status", "updated_at")
select "id", "status", "updated_at"
from "pg_temp"."orders__strata_tmp_run1";
commit;
