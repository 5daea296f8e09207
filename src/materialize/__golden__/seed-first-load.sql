-- create the schema if missing
create schema if not exists "analytics";

begin;
-- create colors with the file's columns
create table "analytics"."colors" (
  "id" integer,
  "color" text
);
-- load 2 rows of colors [rows]
copy "analytics"."colors" ("id", "color") from stdin (format csv, header false, delimiter ',', quote '"', null '');
1,red
2,"dark, blue"
\.
commit;
