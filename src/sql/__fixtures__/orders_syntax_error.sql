-- Compiled SQL of a model with a doubled keyword on line 6: PostgreSQL stops at the second "from".
with orders as (
    select order_id, customer_id, amount
    from "db"."main"."stg_orders"
)
select customer_id, sum(amount) as total from
from orders
group by customer_id
