-- phase 1: no transaction
-- create the schema if missing
create schema if not exists "analytics";

-- phase 2: begin
-- build orders (rows affected)
create table "analytics"."orders" as (
select 1 as id
);
-- commit
