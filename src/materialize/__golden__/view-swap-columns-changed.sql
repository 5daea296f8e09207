-- note: replaced the view customers by a swap: column id changed type from integer to text
-- note: re-created 1 dependent view: marts.customer_names

-- phase 1: begin
-- create view customers
create view "staging"."customers__strata_tmp_run1" as (
select id::text as id, name from raw.customers
);
-- move the previous customers aside
alter view "staging"."customers" rename to "customers__strata_backup_run1";
-- put the new customers in place
alter view "staging"."customers__strata_tmp_run1" rename to "customers";
-- drop dependent view customer_names to re-create it
drop view "marts"."customer_names";
-- drop the previous customers
drop view "staging"."customers__strata_backup_run1";
-- re-create dependent view customer_names from its catalog definition
create view "marts"."customer_names" as (
 SELECT customers.name
   FROM staging.customers
);
-- commit
