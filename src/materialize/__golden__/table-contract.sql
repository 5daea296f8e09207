-- phase 1: begin
-- create the table from the contract
create table "analytics"."customers__strata_tmp_run1" (
    "id" int constraint "customers_pk__run1" primary key not null,
    "email" varchar(200) unique check (email like '%@%'),
    "country_id" integer references "analytics"."countries" ("id"),
    constraint "positive_id" check (id > 0)
);
-- fill the table (rows affected)
insert into "analytics"."customers__strata_tmp_run1" ("id", "email", "country_id")
select "id", "email", "country_id"
from (
select id, email, country_id from raw.customers
) as model_subq;
-- move the previous customers aside
alter table "analytics"."customers" rename to "customers__strata_backup_run1";
-- put the new customers in place
alter table "analytics"."customers__strata_tmp_run1" rename to "customers";
-- drop the previous customers
drop table "analytics"."customers__strata_backup_run1";
-- name constraint customers_pk
alter table "analytics"."customers" rename constraint "customers_pk__run1" to "customers_pk";
-- commit
