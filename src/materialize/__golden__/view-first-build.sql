-- phase 1: no transaction
-- create the schema if missing
create schema if not exists "staging";

-- phase 2: begin
-- create view customers
create view "staging"."customers" as (
select id, name from raw.customers
-- trailing comment
);
-- persist the model description
comment on view "staging"."customers" is 'Customers';
-- grant select
grant select on "staging"."customers" to public;
-- commit
