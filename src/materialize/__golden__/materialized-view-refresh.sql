-- phase 1: begin
-- refresh daily_revenue
refresh materialized view "marts"."daily_revenue";
-- commit
