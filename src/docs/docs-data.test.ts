import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../api/load-manifest.js';
import type { Manifest } from '../parse/manifest.js';
import { CollectingReporter } from '../report/events.js';
import { catalogJson, expectedRelations } from './catalog-json.js';
import { buildDocsData, type DocsNode } from './docs-data.js';
import { writeDocsProject } from './testing/docs-project.js';

let dir: string;
let manifest: Manifest;
beforeAll(async () => {
  dir = await writeDocsProject('type: pglite\nschema: shop');
  manifest = (await loadManifest({ projectDir: dir, reporter: new CollectingReporter() })).parsed.manifest;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function node(nodes: readonly DocsNode[], name: string): DocsNode {
  const found = nodes.find((n) => n.name === name);
  if (!found) throw new Error(`no docs node ${name}`);
  return found;
}

describe('the data the docs page shows', () => {
  it('lists models and tests with descriptions, materializations, SQL and both directions of the graph', () => {
    const data = buildDocsData(manifest);
    expect(data.project).toBe('shop');
    expect(data.hasCatalog).toBe(false);
    const orders = node(data.nodes, 'orders');
    expect(orders).toMatchObject({ id: 'model.shop.orders', type: 'model', materialized: 'view', description: 'One row per order.', path: 'models/orders.sql' });
    expect(orders.rawCode).toContain('select 1 as order_id');
    expect(orders.children).toEqual(expect.arrayContaining(['model.shop.order_report', 'model.shop.order_helper']));
    const report = node(data.nodes, 'order_report');
    expect(report.parents).toEqual(['model.shop.orders']);
    expect(report.compiledCode).toContain('"shop"."orders"');
    expect(data.nodes.filter((n) => n.type === 'test').map((n) => n.name).sort()).toEqual(['not_null_orders_order_id', 'unique_orders_order_id']);
  });

  it('puts each column test on its column, by its short name, and keeps declared types', () => {
    const orders = node(buildDocsData(manifest).nodes, 'orders');
    expect(orders.columns.map((c) => [c.name, c.type, c.description, c.tests.map((t) => t.name).sort()])).toEqual([
      ['order_id', undefined, "The order's key.", ['not_null', 'unique']],
      ['status', 'text', 'Declared, not in the SQL.', []],
    ]);
  });

  it('orders columns as the database has them and takes their types from the catalog', () => {
    const found = expectedRelations(manifest)
      .filter((r) => r.identifier === 'orders')
      .map((expected) => ({
        expected,
        kind: 'view' as const,
        columns: [
          { name: 'amount', dataType: 'numeric(10,2)', ordinal: 2 },
          { name: 'order_id', dataType: 'integer', ordinal: 1 },
        ],
      }));
    const data = buildDocsData(manifest, catalogJson(found, { generatedAt: '2024-01-01T00:00:00Z' }));
    expect(data.hasCatalog).toBe(true);
    const orders = node(data.nodes, 'orders');
    expect(orders.relationType).toBe('VIEW');
    expect(orders.columns.map((c) => [c.name, c.type])).toEqual([
      ['order_id', 'integer'],
      ['amount', 'numeric(10,2)'],
      ['status', 'text'],
    ]);
    expect(orders.columns[0]!.description).toBe("The order's key.");
  });

  it('carries column lineage where the manifest has it, in either shape, and nothing where it has none', () => {
    const withLineage = {
      ...manifest,
      nodes: {
        ...manifest.nodes,
        'model.shop.order_report': {
          ...manifest.nodes['model.shop.order_report']!,
          column_lineage: {
            order_id: { derives_from: [{ unique_id: 'model.shop.orders', column: 'order_id' }] },
            doubled: { derives_from: [{ unique_id: 'model.shop.orders', column: 'amount' }], unresolved: ['a function of unknown type'] },
          },
        },
        'model.shop.never_built': {
          ...manifest.nodes['model.shop.never_built']!,
          column_lineage: [{ column: 'order_id', derives_from: [{ unique_id: 'model.shop.orders', column: 'order_id' }], influenced_by: [] }],
        },
      },
    };
    const data = buildDocsData(withLineage);
    const report = node(data.nodes, 'order_report');
    expect(report.columnLineage).toEqual({
      order_id: { from: [{ id: 'model.shop.orders', column: 'order_id' }] },
      doubled: { from: [{ id: 'model.shop.orders', column: 'amount' }], unresolved: ['a function of unknown type'] },
    });
    // The SQL's output columns are known from the lineage, so they are listed before any catalog exists.
    expect(report.columns.map((c) => c.name)).toEqual(['order_id', 'doubled']);
    expect(node(data.nodes, 'never_built').columnLineage).toEqual({ order_id: { from: [{ id: 'model.shop.orders', column: 'order_id' }] } });
    expect(node(data.nodes, 'orders').columnLineage).toBeUndefined();
  });

  it('expects no relation for ephemeral models and tests', () => {
    expect(expectedRelations(manifest).map((r) => r.identifier).sort()).toEqual(['never_built', 'order_report', 'orders']);
  });
});
