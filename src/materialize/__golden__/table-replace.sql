-- note: re-created 3 dependent views: reporting.big_orders, reporting.big_orders_summary, analytics.orders_by_day

-- phase 1: no transaction
-- pre_hook 2
select 1 as before_begin;

-- phase 2: begin
-- drop orders__strata_backup_crashed, left by an earlier run that did not finish
drop table if exists "analytics"."orders__strata_backup_crashed";
-- drop orders__strata_tmp_crashed, left by an earlier run that did not finish
drop table if exists "analytics"."orders__strata_tmp_crashed";
-- commit

-- phase 3: begin
-- pre_hook 1
set local statement_timeout = 0;
-- build orders (rows affected)
create table "analytics"."orders__strata_tmp_run1" as (
select id, amount, ordered_at from raw.orders
);
-- create unique index on "id"
create unique index if not exists "3fd1166cbd27af86f8df5f155b7ec7b4" on "analytics"."orders__strata_tmp_run1" ("id");
-- create index on "ordered_at", "amount"
create index if not exists "759e44e3787ee675146b99b16e2c714a" on "analytics"."orders__strata_tmp_run1" using brin ("ordered_at", "amount");
-- persist the model description
comment on table "analytics"."orders__strata_tmp_run1" is 'Orders, one row per order (it''s the grain)';
-- persist the description of column id
comment on column "analytics"."orders__strata_tmp_run1"."id" is 'Order id';
-- grant select
grant select on "analytics"."orders__strata_tmp_run1" to "reporter", "bi";
-- move the previous orders aside
alter table "analytics"."orders" rename to "orders__strata_backup_run1";
-- put the new orders in place
alter table "analytics"."orders__strata_tmp_run1" rename to "orders";
-- drop dependent view orders_by_day to re-create it
drop view "analytics"."orders_by_day";
-- drop dependent materialized view big_orders_summary to re-create it
drop materialized view "reporting"."big_orders_summary";
-- drop dependent view big_orders to re-create it
drop view "reporting"."big_orders";
-- drop the previous orders
drop table "analytics"."orders__strata_backup_run1";
-- re-create dependent view big_orders from its catalog definition
create view "reporting"."big_orders" as (
 SELECT orders.id
   FROM analytics.orders
  WHERE orders.amount > 100
);
-- re-create dependent materialized view big_orders_summary from its catalog definition
create materialized view "reporting"."big_orders_summary" as (
 SELECT count(*) AS n
   FROM reporting.big_orders
);
-- re-create dependent view orders_by_day from the project's SQL
create view "analytics"."orders_by_day" as (
select ordered_at, sum(amount) as amount from "analytics"."orders" group by 1
);
-- post_hook 2
select 2 as in_transaction;
-- commit

-- phase 4: no transaction
-- post_hook 1
analyze analytics.orders;
