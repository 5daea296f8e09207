begin;
-- empty colors (its columns still fit the file)
truncate table "analytics"."colors";
-- load 1 row of colors [rows]
copy "analytics"."colors" ("id", "color") from stdin (format csv, header false, delimiter ',', quote '"', null '');
3,green
\.
commit;
