/** Test support: minimal model and seed nodes and MaterializeInputs built from a config. */
import type { ModelNode, NodeConfig, SeedNode } from '../../parse/manifest.js';
import type { MaterializeInput } from '../input.js';
import type { RelationName } from '../plan.js';

function config(materialized: string, extra: Record<string, unknown>): NodeConfig {
  return { enabled: true, materialized, tags: [], meta: {}, pre_hook: [], post_hook: [], ...extra };
}

/** A model node named `name` in `schema` with the given config (materialized defaults to incremental). */
export function testModel(name: string, schema: string, extra: Record<string, unknown> = {}): ModelNode {
  return {
    unique_id: `model.test.${name}`,
    resource_type: 'model',
    name,
    package_name: 'test',
    fqn: ['test', name],
    description: '',
    tags: [],
    meta: {},
    config: config('incremental', extra),
    columns: {},
    path: `${name}.sql`,
    original_file_path: `models/${name}.sql`,
    absolute_path: `/project/models/${name}.sql`,
    database: 'test',
    schema,
    alias: name,
    raw_code: '',
    language: 'sql',
    checksum: { name: 'sha256', checksum: '' },
    depends_on: { nodes: [], macros: [] },
    refs: [],
    sources: [],
    needs_execute_render: true,
  };
}

/** A seed node for `seeds/<name>.csv` (read from `absolutePath` when the plan reads the file itself). */
export function testSeed(name: string, schema: string, extra: Record<string, unknown> = {}, absolutePath = `/project/seeds/${name}.csv`): SeedNode {
  return {
    unique_id: `seed.test.${name}`,
    resource_type: 'seed',
    name,
    package_name: 'test',
    fqn: ['test', name],
    description: '',
    tags: [],
    meta: {},
    config: config('seed', extra),
    columns: {},
    path: `${name}.csv`,
    original_file_path: `seeds/${name}.csv`,
    absolute_path: absolutePath,
    database: 'test',
    schema,
    alias: name,
    checksum: { name: 'sha256', checksum: '' },
    depends_on: { nodes: [], macros: [] },
  };
}

/** The relation a test node lives at. */
export function relationOf(node: { schema: string; alias: string }): RelationName {
  return { database: 'test', schema: node.schema, identifier: node.alias };
}

/** A MaterializeInput for `node` with the given compiled SQL, run id and full-refresh flag. */
export function testInput(node: ModelNode | SeedNode, compiledSql: string, runId: string, fullRefresh = false): MaterializeInput {
  return { node, target: relationOf(node), compiledSql, runId, fullRefresh, preHooks: [], postHooks: [] };
}
