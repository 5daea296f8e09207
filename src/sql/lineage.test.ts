import { describe, expect, it } from 'vitest';
import { columnLineage, type ModelLineage, type UpstreamRelation } from './lineage.js';

/** The shop's upstream nodes as `schema.identifier` → node, as compiled SQL names them. */
const shop: Record<string, UpstreamRelation> = {
  'main.stg_orders': { unique_id: 'model.shop.stg_orders', columns: ['order_id', 'customer_id', 'ordered_at', 'amount', 'status'] },
  'main.customers': { unique_id: 'model.shop.customers', columns: ['customer_id', 'name', 'country'] },
  'main.payments': { unique_id: 'seed.shop.payments', columns: ['payment_id', 'order_id', 'method', 'amount'] },
  // A source whose columns nobody declared.
  'raw.events': { unique_id: 'source.shop.raw.events' },
  // A source with a few columns declared in YAML: there may be more.
  'raw.refunds': { unique_id: 'source.shop.raw.refunds', columns: ['refund_id', 'order_id'], columnsAreExact: false },
};
const resolve = (name: string) => shop[name];

const orders = (column: string) => ({ unique_id: 'model.shop.stg_orders', column });
const customers = (column: string) => ({ unique_id: 'model.shop.customers', column });
const payments = (column: string) => ({ unique_id: 'seed.shop.payments', column });

/** column → derives_from, the shape most assertions read best in. */
function derivations(lineage: ModelLineage): Record<string, string[]> {
  return Object.fromEntries(lineage.columns.map((c) => [c.column, c.derives_from.map((s) => `${s.unique_id}.${s.column}`)]));
}

function column(lineage: ModelLineage, name: string) {
  const found = lineage.columns.find((c) => c.column === name);
  if (!found) throw new Error(`no output column ${name} in ${lineage.columns.map((c) => c.column).join(', ')}`);
  return found;
}

describe('columnLineage through CTEs', () => {
  it('follows CTEs that read earlier CTEs to the upstream columns, through aliases and a join', async () => {
    const lineage = await columnLineage(
      `with orders as (
         select order_id, customer_id, amount from "db"."main"."stg_orders"
       ),
       customer_totals as (
         select customer_id, sum(amount) as total, count(*) as order_count from orders group by customer_id
       )
       select c.customer_id, c.name as customer_name, t.total, t.order_count
       from "db"."main"."customers" as c
       left join customer_totals t on t.customer_id = c.customer_id`,
      resolve,
    );
    expect(lineage.complete).toBe(true);
    expect(lineage.columns).toEqual([
      { column: 'customer_id', derives_from: [customers('customer_id')], influenced_by: [] },
      { column: 'customer_name', derives_from: [customers('name')], influenced_by: [] },
      { column: 'total', derives_from: [orders('amount')], influenced_by: [] },
      // count(*) counts rows: it derives from no column.
      { column: 'order_count', derives_from: [], influenced_by: [] },
    ]);
    expect(lineage.missingColumns).toEqual([]);
  });

  it('resolves a WITH nested inside a CTE, and a CTE that shadows an upstream name', async () => {
    const lineage = await columnLineage(
      `with stg_orders as (
         with paid as (select order_id, amount * 100 as cents from "db"."main"."stg_orders" where status = 'paid')
         select order_id, cents from paid
       )
       select stg_orders.order_id, cents / 100.0 as amount from stg_orders`,
      resolve,
    );
    expect(derivations(lineage)).toEqual({
      order_id: ['model.shop.stg_orders.order_id'],
      amount: ['model.shop.stg_orders.amount'],
    });
  });

  it('names renamed CTE columns by the CTE column list', async () => {
    const lineage = await columnLineage(`with o(id, value) as (select order_id, amount from main.stg_orders) select id, value from o`, resolve);
    expect(derivations(lineage)).toEqual({ id: ['model.shop.stg_orders.order_id'], value: ['model.shop.stg_orders.amount'] });
  });

  it('gives a recursive CTE the lineage of both its terms', async () => {
    const lineage = await columnLineage(
      `with recursive chain(order_id, depth) as (
         select order_id, 0 from main.stg_orders
         union all
         select c.order_id, c.depth + 1 from chain c where c.depth < 3
       )
       select order_id, depth from chain`,
      resolve,
    );
    expect(derivations(lineage)).toEqual({ order_id: ['model.shop.stg_orders.order_id'], depth: [] });
  });
});

describe('columnLineage of select *', () => {
  it('expands * and t.* from known upstream columns, in order', async () => {
    const lineage = await columnLineage(
      `select c.*, p.amount as paid from main.customers c join main.payments p on p.payment_id = c.customer_id`,
      resolve,
    );
    expect(lineage.columns.map((c) => c.column)).toEqual(['customer_id', 'name', 'country', 'paid']);
    expect(column(lineage, 'paid').derives_from).toEqual([payments('amount')]);

    const all = await columnLineage(`with c as (select * from main.customers) select * from c`, resolve);
    expect(derivations(all)).toEqual({
      customer_id: ['model.shop.customers.customer_id'],
      name: ['model.shop.customers.name'],
      country: ['model.shop.customers.country'],
    });
  });

  it('lists USING and NATURAL join columns once and first, as PostgreSQL does', async () => {
    const using = await columnLineage(`select * from main.stg_orders join main.customers using (customer_id)`, resolve);
    expect(using.columns.map((c) => c.column)).toEqual(['customer_id', 'order_id', 'ordered_at', 'amount', 'status', 'name', 'country']);
    expect(column(using, 'customer_id').derives_from).toEqual([customers('customer_id'), orders('customer_id')]);

    const natural = await columnLineage(`select * from main.stg_orders natural join main.payments`, resolve);
    expect(natural.columns.map((c) => c.column)).toEqual(['order_id', 'amount', 'customer_id', 'ordered_at', 'status', 'payment_id', 'method']);
    expect(column(natural, 'amount').derives_from).toEqual([orders('amount'), payments('amount')]);

    const aliased = await columnLineage(`select j.* from (main.stg_orders o join main.customers c using (customer_id)) j`, resolve);
    expect(aliased.columns.map((c) => c.column)).toEqual(['customer_id', 'order_id', 'ordered_at', 'amount', 'status', 'name', 'country']);
  });

  it('says the columns are unknown rather than guessing, and still traces named references through the *', async () => {
    const lineage = await columnLineage(
      `with events as (select * from raw.events)
       select event_id, upper(kind) as kind from events`,
      resolve,
    );
    expect(lineage.complete).toBe(true);
    expect(derivations(lineage)).toEqual({ event_id: ['source.shop.raw.events.event_id'], kind: ['source.shop.raw.events.kind'] });

    const passthrough = await columnLineage(`select * from raw.events`, resolve);
    expect(passthrough.complete).toBe(false);
    expect(passthrough.columns).toEqual([
      { column: '*', derives_from: [], influenced_by: [], unresolved: ['the columns of source.shop.raw.events are unknown'] },
    ]);
  });

  it('lists YAML-declared columns for * and flags that there may be more', async () => {
    const lineage = await columnLineage(`select * from raw.refunds`, resolve);
    expect(lineage.complete).toBe(false);
    expect(lineage.columns.map((c) => c.column)).toEqual(['refund_id', 'order_id', '*']);
    expect(column(lineage, '*').unresolved).toEqual(['the columns of source.shop.raw.refunds are known only as declared in YAML']);
    // An undeclared column is not an error: YAML often declares only some.
    const reason = await columnLineage(`select reason from raw.refunds`, resolve);
    expect(reason.missingColumns).toEqual([]);
    expect(derivations(reason)).toEqual({ reason: ['source.shop.raw.refunds.reason'] });
  });

  it('does not pick a side for an unqualified column when two relations have unknown columns', async () => {
    const lineage = await columnLineage(`select kind, refund_id from raw.events e join raw.refunds r on r.order_id = e.order_id`, resolve);
    expect(column(lineage, 'kind')).toEqual({
      column: 'kind',
      derives_from: [],
      influenced_by: [],
      unresolved: ['column kind could come from any of source.shop.raw.events, source.shop.raw.refunds, whose columns are not all known'],
    });
    expect(column(lineage, 'refund_id').derives_from).toEqual([{ unique_id: 'source.shop.raw.refunds', column: 'refund_id' }]);
  });
});

describe('columnLineage of expressions', () => {
  it('counts every column an expression reads: arithmetic, CASE conditions and results, COALESCE, casts', async () => {
    const lineage = await columnLineage(
      `select
         o.amount - coalesce(p.amount, 0) as outstanding,
         case when o.status = 'paid' then p.method else 'none' end as paid_with,
         o.ordered_at::date,
         upper(c.name),
         1 + 1
       from main.stg_orders o
       join main.customers c using (customer_id)
       left join main.payments p on p.order_id = o.order_id`,
      resolve,
    );
    expect(derivations(lineage)).toEqual({
      outstanding: ['model.shop.stg_orders.amount', 'seed.shop.payments.amount'],
      paid_with: ['model.shop.stg_orders.status', 'seed.shop.payments.method'],
      ordered_at: ['model.shop.stg_orders.ordered_at'],
      upper: ['model.shop.customers.name'],
      '?column?': [],
    });
  });

  it('merges both sides of a USING column referenced unqualified', async () => {
    const lineage = await columnLineage(`select customer_id from main.stg_orders join main.customers using (customer_id)`, resolve);
    expect(column(lineage, 'customer_id').derives_from).toEqual([customers('customer_id'), orders('customer_id')]);
  });

  it('treats aggregate arguments as derivations and their ORDER BY and FILTER as influences', async () => {
    const lineage = await columnLineage(
      `select customer_id,
              sum(amount) filter (where status = 'paid') as paid_total,
              string_agg(status, ',' order by ordered_at) as statuses,
              max(amount) - min(amount) as spread
       from main.stg_orders group by customer_id having count(*) > 1`,
      resolve,
    );
    expect(column(lineage, 'paid_total')).toEqual({ column: 'paid_total', derives_from: [orders('amount')], influenced_by: [orders('status')] });
    expect(column(lineage, 'statuses')).toEqual({ column: 'statuses', derives_from: [orders('status')], influenced_by: [orders('ordered_at')] });
    expect(column(lineage, 'spread').derives_from).toEqual([orders('amount')]);
  });

  it('treats window function arguments as derivations and PARTITION BY / ORDER BY (also of named windows) as influences', async () => {
    const lineage = await columnLineage(
      `select order_id,
              row_number() over (partition by customer_id order by ordered_at) as order_number,
              sum(amount) over w as running_total,
              lag(status) over (w) as previous_status
       from main.stg_orders
       window w as (partition by customer_id order by ordered_at rows between unbounded preceding and current row)`,
      resolve,
    );
    expect(column(lineage, 'order_number')).toEqual({
      column: 'order_number',
      derives_from: [],
      influenced_by: [orders('customer_id'), orders('ordered_at')],
    });
    expect(column(lineage, 'running_total')).toEqual({
      column: 'running_total',
      derives_from: [orders('amount')],
      influenced_by: [orders('customer_id'), orders('ordered_at')],
    });
    expect(column(lineage, 'previous_status').derives_from).toEqual([orders('status')]);
    expect(column(lineage, 'previous_status').influenced_by).toEqual([orders('customer_id'), orders('ordered_at')]);
  });

  it('reads every column of a relation named as a whole row', async () => {
    const lineage = await columnLineage(`select to_jsonb(c) as doc, to_jsonb(e) as event from main.customers c, raw.events e`, resolve);
    expect(column(lineage, 'doc').derives_from).toEqual([customers('country'), customers('customer_id'), customers('name')]);
    expect(column(lineage, 'event').unresolved).toEqual(['the columns of source.shop.raw.events are unknown']);
  });

  it('names output columns as PostgreSQL does', async () => {
    const lineage = await columnLineage(
      `select amount::numeric(10, 2), 'x'::text, case when amount > 0 then 1 else amount end, case when true then 1 end,
              coalesce(status, 'new'), greatest(amount, 0), (select max(amount) from main.payments), current_date,
              exists (select 1 from main.payments), nullif(status, '')
       from main.stg_orders`,
      resolve,
    );
    expect(lineage.columns.map((c) => c.column)).toEqual([
      'amount',
      'text',
      'amount',
      'case',
      'coalesce',
      'greatest',
      'max',
      'current_date',
      'exists',
      'nullif',
    ]);
  });
});

describe('columnLineage of unions and subqueries', () => {
  it('merges UNION ALL branches by position and names columns after the first branch', async () => {
    const lineage = await columnLineage(
      `select order_id as id, amount, 'order' as kind from main.stg_orders
       union all
       select payment_id, -amount, method from main.payments
       union
       select 0, 0, 'none'`,
      resolve,
    );
    expect(derivations(lineage)).toEqual({
      id: ['model.shop.stg_orders.order_id', 'seed.shop.payments.payment_id'],
      amount: ['model.shop.stg_orders.amount', 'seed.shop.payments.amount'],
      kind: ['seed.shop.payments.method'],
    });
  });

  it('treats the right side of EXCEPT as choosing rows, not giving values', async () => {
    const lineage = await columnLineage(`select order_id from main.stg_orders except select order_id from main.payments`, resolve);
    expect(lineage.columns).toEqual([{ column: 'order_id', derives_from: [orders('order_id')], influenced_by: [payments('order_id')] }]);
  });

  it('flags a union whose second branch has columns that are not known', async () => {
    const lineage = await columnLineage(`select order_id from main.stg_orders union all select * from raw.events`, resolve);
    expect(column(lineage, 'order_id')).toMatchObject({
      derives_from: [orders('order_id')],
      unresolved: ['the columns of the right side of a UNION are not all known'],
    });
  });

  it('follows subqueries in FROM (also nested and LATERAL) and scalar subqueries', async () => {
    const lineage = await columnLineage(
      `select s.customer_id, s.total, latest.ordered_at as last_order,
              (select count(*) from main.payments p where p.order_id = latest.order_id) as payment_count,
              (select max(p.amount) from main.payments p) as biggest_payment
       from (
         select customer_id, sum(amount) as total
         from (select customer_id, amount from main.stg_orders where status <> 'void') as valid
         group by 1
       ) as s
       cross join lateral (
         select o.order_id, o.ordered_at from main.stg_orders o where o.customer_id = s.customer_id order by o.ordered_at desc limit 1
       ) latest`,
      resolve,
    );
    expect(derivations(lineage)).toEqual({
      customer_id: ['model.shop.stg_orders.customer_id'],
      total: ['model.shop.stg_orders.amount'],
      last_order: ['model.shop.stg_orders.ordered_at'],
      payment_count: [],
      biggest_payment: ['seed.shop.payments.amount'],
    });
    expect(lineage.missingColumns).toEqual([]);
  });

  it('traces set-returning functions in FROM to their arguments, and VALUES lists to nothing upstream', async () => {
    const lineage = await columnLineage(
      `select o.order_id, part, v.label
       from main.stg_orders o
       cross join lateral unnest(string_to_array(o.status, '-')) as part
       join (values (1, 'one'), (2, 'two')) as v(n, label) on v.n = o.order_id`,
      resolve,
    );
    expect(derivations(lineage)).toEqual({ order_id: ['model.shop.stg_orders.order_id'], part: ['model.shop.stg_orders.status'], label: [] });
  });
});

describe('columnLineage when it cannot tell', () => {
  it('says a relation outside the project cannot be traced', async () => {
    const lineage = await columnLineage(`select id, t.name from public.legacy_table t`, resolve);
    expect(lineage.columns).toEqual([
      { column: 'id', derives_from: [], influenced_by: [], unresolved: ['public.legacy_table is not a model, seed, snapshot or source of the project'] },
      { column: 'name', derives_from: [], influenced_by: [], unresolved: ['public.legacy_table is not a model, seed, snapshot or source of the project'] },
    ]);
  });

  it('reports references to columns that a relation with known columns does not have', async () => {
    const sql = `with o as (select order_id, amount from main.stg_orders)
select o.order_id, o.amout, cutomer_name from o join main.customers c on c.customer_id = o.order_id`;
    const lineage = await columnLineage(sql, resolve);
    expect(lineage.missingColumns).toEqual([
      { column: 'amout', relations: ['CTE o'], uniqueIds: [], available: ['order_id', 'amount'], byteOffset: sql.indexOf('o.amout') },
      {
        column: 'cutomer_name',
        relations: ['CTE o', 'model.shop.customers'],
        uniqueIds: ['model.shop.customers'],
        available: ['order_id', 'amount', 'customer_id', 'name', 'country'],
        byteOffset: sql.indexOf('cutomer_name'),
      },
    ]);
    expect(column(lineage, 'amout').unresolved).toEqual(['column amout does not exist in CTE o']);
  });

  it('accepts ORDER BY and GROUP BY naming output columns, and correlated references to an outer query', async () => {
    const lineage = await columnLineage(
      `select customer_id as who, sum(amount) as total from main.stg_orders o
       where exists (select 1 from main.payments p where p.order_id = o.order_id and method = 'card')
       group by who order by total desc`,
      resolve,
    );
    expect(lineage.missingColumns).toEqual([]);
  });

  it('stops at an inlined ephemeral model when told which node a CTE stands for', async () => {
    const lineage = await columnLineage(
      `with __dbt__cte__order_facts as (select order_id, amount * 2 as double_amount from main.stg_orders)
       select order_id, double_amount from __dbt__cte__order_facts`,
      resolve,
      { resolveCte: (name) => (name === '__dbt__cte__order_facts' ? { unique_id: 'model.shop.order_facts' } : undefined) },
    );
    expect(derivations(lineage)).toEqual({ order_id: ['model.shop.order_facts.order_id'], double_amount: ['model.shop.order_facts.double_amount'] });
  });

  it('says a statement that is not a SELECT has no traced columns', async () => {
    const lineage = await columnLineage(`insert into main.customers values (1)`, resolve);
    expect(lineage).toEqual({ columns: [{ column: '*', derives_from: [], influenced_by: [], unresolved: ['the SQL is InsertStmt, not a SELECT'] }], complete: false, missingColumns: [] });
  });
});
