/** Building model nodes and materialization inputs for tests, with dbt's defaults filled in. */
import type { ColumnInfo, ModelNode, NodeConfig } from '../../parse/manifest.js';
import type { MaterializeInput, RenderedHook } from '../input.js';

export interface ModelFixture {
  readonly name: string;
  readonly schema: string;
  readonly sql: string;
  readonly config?: Partial<NodeConfig> & Record<string, unknown>;
  readonly columns?: readonly (Partial<ColumnInfo> & { name: string })[];
  readonly description?: string;
  readonly runId?: string;
  readonly fullRefresh?: boolean;
  readonly preHooks?: readonly RenderedHook[];
  readonly postHooks?: readonly RenderedHook[];
  readonly ownedViews?: ReadonlyMap<string, string>;
}

/** A compiled model node as parse/ would produce it. */
export function modelNode(fixture: ModelFixture): ModelNode {
  const columns: Record<string, ColumnInfo> = {};
  for (const column of fixture.columns ?? []) {
    columns[column.name] = { description: '', meta: {}, tags: [], constraints: [], ...column };
  }
  return {
    unique_id: `model.demo.${fixture.name}`,
    resource_type: 'model',
    name: fixture.name,
    package_name: 'demo',
    fqn: ['demo', fixture.name],
    description: fixture.description ?? '',
    tags: [],
    meta: {},
    config: { enabled: true, materialized: 'table', tags: [], meta: {}, pre_hook: [], post_hook: [], ...fixture.config },
    columns,
    patch_path: fixture.columns ? 'demo://models/schema.yml' : undefined,
    path: `${fixture.name}.sql`,
    original_file_path: `models/${fixture.name}.sql`,
    absolute_path: `/project/models/${fixture.name}.sql`,
    database: 'postgres',
    schema: fixture.schema,
    alias: fixture.name,
    relation_name: `"postgres"."${fixture.schema}"."${fixture.name}"`,
    raw_code: fixture.sql,
    language: 'sql',
    checksum: { name: 'sha256', checksum: '' },
    depends_on: { nodes: [], macros: [] },
    refs: [],
    sources: [],
    compiled_code: fixture.sql,
    needs_execute_render: false,
  };
}

/** The materialization input for a model fixture. */
export function materializeInput(fixture: ModelFixture): MaterializeInput {
  return {
    node: modelNode(fixture),
    target: { database: 'postgres', schema: fixture.schema, identifier: fixture.name },
    compiledSql: fixture.sql,
    runId: fixture.runId ?? 'run1',
    fullRefresh: fixture.fullRefresh ?? false,
    preHooks: fixture.preHooks ?? [],
    postHooks: fixture.postHooks ?? [],
    ownedViews: fixture.ownedViews,
  };
}
