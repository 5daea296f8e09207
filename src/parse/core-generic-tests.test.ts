import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifest, type LoadedManifest } from '../api/load-manifest.js';
import { CollectingReporter } from '../report/events.js';
import { coreTestRenderer } from './core-generic-tests.js';
import type { GraphNode } from './manifest.js';

const PROPERTIES = `version: 2
sources:
  - name: raw
    schema: raw_data
    tables:
      - name: customers
        columns:
          - name: id
            data_tests: [unique, not_null]
seeds:
  - name: countries
    columns:
      - name: code
        data_tests: [unique, not_null]
models:
  - name: recent_orders
    columns:
      - name: id
        data_tests: [unique]
  - name: customers
    columns:
      - name: id
        data_tests: [unique, not_null]
  - name: orders
    data_tests:
      - unique:
          column_name: "id || '-' || status"
      - dbt.not_null:
          column_name: customer_id
    columns:
      - name: id
        data_tests:
          - unique
          - not_null:
              config:
                where: "id > 0"
          - unique:
              config:
                where: "customer_id <> 0"
      - name: '"Order Status"'
        quote: true
        data_tests:
          - not_null
          - accepted_values:
              values: ['a', "it's", 1, 2.5, true, null]
          - accepted_values:
              arguments:
                values: [1, 2]
                quote: false
          - accepted_values:
              values: "{{ var('statuses') }}"
              quote: "{{ 1 > 2 }}"
          - accepted_values:
              values: "ab"
      - name: customer_id
        data_tests:
          - relationships:
              to: ref('customers')
              field: id
          - relationships:
              arguments:
                to: source('raw', 'customers')
                field: '"id"'
          - relationships:
              to: "{{ ref('customers') }}"
              field: "{{ 'i' ~ 'd' }}"
`;

/** The four implementations dbt ships, copied verbatim into the project: adapter.dispatch then finds these first. */
async function builtinImplementations(): Promise<string> {
  const core = await readFile(new URL('../../include/global_project/macros/generic_tests/core.sql', import.meta.url), 'utf8');
  const macros = core.match(/{% macro default__test_[\s\S]*?{% endmacro %}/g) ?? [];
  expect(macros).toHaveLength(4);
  return macros.join('\n\n');
}

async function writeProject(dir: string): Promise<void> {
  await mkdir(path.join(dir, 'models'), { recursive: true });
  await writeFile(path.join(dir, 'project.yml'), "name: shop\nprofile: shop\nvars:\n  statuses: ['new', 'paid']\n");
  await writeFile(path.join(dir, 'models', 'customers.sql'), 'select 1 as id');
  await writeFile(path.join(dir, 'models', 'orders.sql'), 'select 1 as id, 2 as customer_id, \'a\' as "Order Status"');
  await writeFile(path.join(dir, 'models', 'schema.yml'), PROPERTIES);
  // An ephemeral model's tests read it as a CTE.
  await writeFile(path.join(dir, 'models', 'recent_orders.sql'), "{{ config(materialized='ephemeral') }}select id from {{ ref('orders') }}");
  await mkdir(path.join(dir, 'seeds'));
  await writeFile(path.join(dir, 'seeds', 'countries.csv'), 'code,name\nNO,Norway\n');
}

function testNodes(loaded: LoadedManifest): GraphNode[] {
  return Object.values(loaded.parsed.manifest.nodes)
    .filter((node) => node.resource_type === 'test')
    .sort((a, b) => (a.unique_id < b.unique_id ? -1 : 1));
}

describe('the core generic tests written out natively', () => {
  let dir: string;
  let native: LoadedManifest;
  let throughMacros: LoadedManifest;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'strata-core-tests-'));
    await writeProject(path.join(dir, 'native'));
    await cp(path.join(dir, 'native'), path.join(dir, 'macros'), { recursive: true });
    await mkdir(path.join(dir, 'macros', 'macros'));
    await writeFile(path.join(dir, 'macros', 'macros', 'core_copy.sql'), await builtinImplementations());
    native = await loadManifest({ projectDir: path.join(dir, 'native'), reporter: new CollectingReporter() });
    throughMacros = await loadManifest({ projectDir: path.join(dir, 'macros'), reporter: new CollectingReporter() });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('are used when nothing overrides the macros, and not when the project does', () => {
    for (const name of ['not_null', 'unique', 'accepted_values', 'relationships']) {
      const registryOf = (loaded: LoadedManifest) => loaded.parsed.registry;
      expect(coreTestRenderer(registryOf(native), new Map(), registryOf(native).get('dbt', `test_${name}`)!, name), name).toBeDefined();
      expect(coreTestRenderer(registryOf(throughMacros), new Map(), registryOf(throughMacros).get('dbt', `test_${name}`)!, name), name).toBeUndefined();
    }
  });

  it('compile every test to the SQL the macros render, character for character', () => {
    const expected = testNodes(throughMacros);
    const actual = testNodes(native);
    expect(actual.map((n) => n.unique_id)).toEqual(expected.map((n) => n.unique_id));
    expect(actual).toHaveLength(20);
    for (const [i, node] of actual.entries()) {
      const reference = expected[i]!;
      expect(node.compiled_code, node.unique_id).toBe(reference.compiled_code);
      expect(node.depends_on.nodes, node.unique_id).toEqual(reference.depends_on.nodes);
      expect(node.refs, node.unique_id).toEqual(reference.refs);
      expect(node.sources, node.unique_id).toEqual(reference.sources);
    }
  });

  it('record the macros a render through them uses', () => {
    const unique = testNodes(native).find((n) => n.name === 'unique_customers_id')!;
    expect(unique.depends_on.macros).toEqual(['macro.dbt.default__test_unique', 'macro.dbt.get_where_subquery', 'macro.dbt.test_unique']);
    const copied = testNodes(throughMacros).find((n) => n.name === 'unique_customers_id')!;
    expect(copied.depends_on.macros).toEqual(['macro.dbt.get_where_subquery', 'macro.dbt.test_unique', 'macro.shop.default__test_unique']);
  });

  it('print values as Jinja does: quoted and escaped, or as Python prints them', () => {
    const sqlOf = (fragment: string) => testNodes(native).find((n) => n.compiled_code?.includes(fragment))?.compiled_code;
    expect(sqlOf("'it''s'")).toContain("not in ('a', 'it''s', '1', '2.5', 'True', 'None')");
    expect(sqlOf('not in (1, 2)')).toBeDefined();
    // Arguments are rendered natively, as dbt renders them: the var's list itself, not its text, and
    // `quote: "{{ 1 > 2 }}"` is False.
    expect(sqlOf('not in (new, paid)')).toBeDefined();
    expect(sqlOf("not in ('a', 'b')")).toBeDefined();
    expect(sqlOf('(select * from "postgres"."public"."orders" where id > 0) dbt_subquery')).toContain('where id is null');
    expect(sqlOf('from __dbt__cte__recent_orders')).toMatch(/^with __dbt__cte__recent_orders as \(/);
  });
});
