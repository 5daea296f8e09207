-- phase 1: begin
-- create or replace view customers
create or replace view "staging"."customers" as (
select id, name, 1 as extra from raw.customers
);
-- revoke select no longer granted by config
revoke select on "staging"."customers" from "old_role";
-- revoke insert no longer granted by config
revoke insert on "staging"."customers" from "writer";
-- commit
