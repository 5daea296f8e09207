import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManifestBuilder } from '../graph/testing/manifest-builder.js';
import type { Manifest } from '../parse/manifest.js';
import { manifestJson, writeManifest } from './manifest-json.js';

describe('manifest.json', () => {
  let dir: string;
  let manifest: Manifest;
  const columnLineage = {
    'model.p.orders': { id: { derives_from: [{ node: 'seed.p.raw_orders', column: 'id' }] } },
    'model.p.customers': {},
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'strata-manifest-json-'));
    const built = new ManifestBuilder('p')
      .source('raw', 'payments')
      .model('customers')
      .model('orders', { deps: ['model.p.customers'] })
      .genericTest('unique', 'orders', { column: 'id' })
      .unitTest('orders_add_up', 'orders')
      .macro('cents', 'x / 100')
      .build();
    // Nodes read from disk carry the absolute path of this machine, which manifest.json leaves out.
    const withPaths = Object.fromEntries(Object.entries(built.nodes).map(([id, node]) => [id, { ...node, absolute_path: `/somewhere/${node.original_file_path}` }]));
    manifest = { ...built, nodes: withPaths as Manifest['nodes'] };
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is written a node at a time as the text of the whole document', async () => {
    const file = await writeManifest(dir, manifest, 'run-1', { columnLineage });
    const text = await readFile(file, 'utf8');
    const document = manifestJson(manifest, 'run-1', { columnLineage });
    expect(text).toBe(JSON.stringify(document));
    expect(Object.keys(document)).toEqual(['metadata', 'nodes', 'sources', 'macros', 'parent_map', 'child_map', 'disabled', 'unit_tests', 'exposures', 'metrics', 'groups', 'selectors', 'docs']);
  });

  it('keeps unit tests apart, leaves out absolute paths and puts each model’s column lineage under it', async () => {
    const written = JSON.parse(await readFile(await writeManifest(dir, manifest, 'run-2', { columnLineage }), 'utf8'));
    expect(Object.keys(written.nodes).sort()).toEqual(['model.p.customers', 'model.p.orders', 'test.p.unique_orders_id']);
    expect(Object.keys(written.unit_tests)).toEqual(['unit_test.p.orders_add_up']);
    expect(JSON.stringify(written)).not.toContain('/somewhere/');
    expect(written.nodes['model.p.orders'].column_lineage).toEqual(columnLineage['model.p.orders']);
    expect(written.nodes['model.p.customers'].column_lineage).toEqual({});
    expect(written.nodes['test.p.unique_orders_id']).not.toHaveProperty('column_lineage');
    expect(written.metadata.invocation_id).toBe('run-2');
  });
});
