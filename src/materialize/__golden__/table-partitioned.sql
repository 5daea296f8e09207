-- phase 1: begin
-- create the partitioned table
create table "analytics"."orders__strata_tmp_run1" (
    "id" integer,
    "amount" numeric(10,2),
    "ordered_at" date
) partition by range ("ordered_at");
-- create a partition per month of the data, and a default one
do $strata$
declare
  lower_bound timestamp;
  upper_bound timestamp;
  bound timestamp;
begin
  select date_trunc('month', min("ordered_at")), date_trunc('month', max("ordered_at"))
    into lower_bound, upper_bound
  from (
select id, amount, ordered_at from raw.orders
) as model_subq;
  bound := lower_bound;
  while bound <= upper_bound loop
    execute format('create table %I.%I partition of %I.%I for values from (%L) to (%L)',
      'analytics', 'orders_p' || to_char(bound, 'YYYYMMDD') || '_34e9ae', 'analytics', 'orders__strata_tmp_run1', bound, bound + interval '1 month');
    bound := bound + interval '1 month';
  end loop;
  execute format('create table %I.%I partition of %I.%I default', 'analytics', 'orders_pdefault_34e9ae', 'analytics', 'orders__strata_tmp_run1');
end $strata$;
-- fill the table (rows affected)
insert into "analytics"."orders__strata_tmp_run1" ("id", "amount", "ordered_at")
select "id", "amount", "ordered_at"
from (
select id, amount, ordered_at from raw.orders
) as model_subq;
-- move the previous orders aside
alter table "analytics"."orders" rename to "orders__strata_backup_run1";
-- put the new orders in place
alter table "analytics"."orders__strata_tmp_run1" rename to "orders";
-- drop the previous orders
drop table "analytics"."orders__strata_backup_run1";
-- give the partitions their final names
do $strata$
declare
  part record;
begin
  for part in
    select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = '"analytics"."orders"'::regclass and right(c.relname, 7) = '_34e9ae'
  loop
    execute format('alter table %I.%I rename to %I', 'analytics', part.relname, left(part.relname, length(part.relname) - 7));
  end loop;
end $strata$;
-- commit
