import { describe, expect, it } from 'vitest';
import { materializeView } from './view.js';
import { fixedDatabaseState } from './testing/fixed-database-state.js';
import { materializeInput } from './testing/model-fixture.js';
import { planText } from './testing/plan-text.js';

const columns = [
  { name: 'id', data_type: 'integer' },
  { name: 'name', data_type: 'text' },
];

describe('view plans (golden SQL)', () => {
  it('creates a new view', async () => {
    const input = materializeInput({
      name: 'customers',
      schema: 'staging',
      sql: 'select id, name from raw.customers\n-- trailing comment',
      description: 'Customers',
      config: { persist_docs: { relation: true }, grants: { select: ['public'] } },
    });
    await expect(planText(await materializeView(input, fixedDatabaseState({ queryColumns: columns })))).toMatchFileSnapshot('__golden__/view-first-build.sql');
  });

  it('replaces a view in place when columns are only appended, revoking grants no longer configured', async () => {
    const input = materializeInput({ name: 'customers', schema: 'staging', sql: 'select id, name, 1 as extra from raw.customers', config: { grants: { select: ['reporter'] } } });
    const db = fixedDatabaseState({
      queryColumns: [...columns, { name: 'extra', data_type: 'integer' }],
      relations: [{ schema: 'staging', identifier: 'customers', kind: 'view', columns, grants: { select: ['old_role', 'reporter'], insert: ['writer'] } }],
    });
    await expect(planText(await materializeView(input, db))).toMatchFileSnapshot('__golden__/view-replace-in-place.sql');
  });

  it('replaces an existing view straight away when nothing needs its columns, to be planned again if PostgreSQL refuses', async () => {
    const input = materializeInput({ name: 'customers', schema: 'staging', sql: 'select id, name from raw.customers' });
    const db = fixedDatabaseState({ relations: [{ schema: 'staging', identifier: 'customers', kind: 'view', columns }] });
    const plan = await materializeView(input, db);
    expect(planText(plan)).toContain('create or replace view "staging"."customers" as');
    expect(plan.phases.flatMap((phase) => phase.statements)).toHaveLength(1);
    expect(plan.replanOn).toBe('42P16');
  });

  it('swaps the view when a column changed type, re-creating its dependents', async () => {
    const input = materializeInput({ name: 'customers', schema: 'staging', sql: 'select id::text as id, name from raw.customers' });
    const db = fixedDatabaseState({
      queryColumns: [{ name: 'id', data_type: 'text' }, columns[1]!],
      relations: [
        {
          schema: 'staging',
          identifier: 'customers',
          kind: 'view',
          columns,
          dependents: [{ name: { database: 'postgres', schema: 'marts', identifier: 'customer_names' }, kind: 'view', definition: ' SELECT customers.name\n   FROM staging.customers;' }],
        },
      ],
    });
    // Planned again after PostgreSQL refused to replace the view in place (Plan.replanOn).
    const careful = await materializeView({ ...input, guessRefused: true }, db);
    expect(careful.replanOn).toBeUndefined();
    await expect(planText(careful)).toMatchFileSnapshot('__golden__/view-swap-columns-changed.sql');
  });
});
