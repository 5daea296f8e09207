-- note: replaced the view events by a table

-- phase 1: begin
-- build events (rows affected)
create unlogged table "analytics"."events__strata_tmp_run1" as (
select 1 as id
);
-- move the previous events aside
alter view "analytics"."events" rename to "events__strata_backup_run1";
-- put the new events in place
alter table "analytics"."events__strata_tmp_run1" rename to "events";
-- drop the previous events
drop view "analytics"."events__strata_backup_run1";
-- commit
