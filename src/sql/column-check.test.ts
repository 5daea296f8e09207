import { describe, expect, it } from 'vitest';
import { checkColumnReferences } from './column-check.js';
import { projectLineage, type LineageInputNode } from './project-lineage.js';

const stgCustomers: LineageInputNode = {
  unique_id: 'model.shop.stg_customers',
  resource_type: 'model',
  name: 'stg_customers',
  schema: 'main',
  alias: 'stg_customers',
  compiled_code: `select id as customer_id, first_name, last_name from "db"."raw"."customers"`,
  depends_on: { nodes: [] },
};
const payments: LineageInputNode = { unique_id: 'seed.shop.payments', resource_type: 'seed', name: 'payments', schema: 'main', alias: 'payments' };

const customerNamesSql = `-- née: a non-ASCII comment shifts byte offsets
select c.customer_id,
       c.frist_name || ' ' || c.last_name as full_name,
       p.amout
from "db"."main"."stg_customers" c
join "db"."main"."payments" p on p.payment_id = c.customer_id`;

const customerNames = {
  unique_id: 'model.shop.customer_names',
  resource_type: 'model',
  name: 'customer_names',
  schema: 'main',
  alias: 'customer_names',
  original_file_path: 'models/customer_names.sql',
  compiled_path: 'target/compiled/shop/models/customer_names.sql',
  compiled_code: customerNamesSql,
  depends_on: { nodes: ['model.shop.stg_customers', 'seed.shop.payments'] },
};

describe('checkColumnReferences', () => {
  it('reports a column an upstream model does not have, at its place in the compiled SQL, with the closest name', async () => {
    const lineage = await projectLineage([customerNames, stgCustomers, payments]);
    const errors = checkColumnReferences(lineage, [customerNames]);
    expect(errors.map((e) => e.message)).toEqual([
      'Column frist_name does not exist in model.shop.stg_customers (referenced by model.shop.customer_names in models/customer_names.sql)',
    ]);
    const [error] = errors;
    expect(error!.code).toBe('sql_missing_column');
    expect(error!.nodeId).toBe('model.shop.customer_names');
    expect(error!.where).toBe('target/compiled/shop/models/customer_names.sql:3:8');
    expect(error!.hint).toBe('did you mean first_name?; the line and column are in the compiled SQL; edit the model in models/customer_names.sql');
    expect(error!.frame).toContain('> 3 |        c.frist_name');
  });

  it('also checks against seed columns once they are known (from the CSV header or the catalog)', async () => {
    const lineage = await projectLineage([customerNames, stgCustomers, payments], {
      knownColumns: { 'seed.shop.payments': ['payment_id', 'order_id', 'amount'] },
    });
    const errors = checkColumnReferences(lineage, [customerNames]);
    expect(errors.map((e) => [e.message, e.where, e.hint?.split(';')[0]])).toEqual([
      [
        'Column frist_name does not exist in model.shop.stg_customers (referenced by model.shop.customer_names in models/customer_names.sql)',
        'target/compiled/shop/models/customer_names.sql:3:8',
        'did you mean first_name?',
      ],
      [
        'Column amout does not exist in seed.shop.payments (referenced by model.shop.customer_names in models/customer_names.sql)',
        'target/compiled/shop/models/customer_names.sql:4:8',
        'did you mean amount?',
      ],
    ]);
  });

  it('raises nothing for columns only declared in YAML, nor for system columns', async () => {
    const declared: LineageInputNode = { ...payments, columns: { amount: { name: 'amount' } } };
    const sql = `select p.payment_id, p.ctid from "db"."main"."payments" p`;
    const model = { ...customerNames, compiled_code: sql, depends_on: { nodes: ['seed.shop.payments'] } };
    const lineage = await projectLineage([model, declared]);
    expect(checkColumnReferences(lineage, [model])).toEqual([]);
  });
});
