/**
 * A small builder of Manifest values for graph/ tests: nodes get plausible defaults so a test
 * states only what it is about.
 */
import type {
  GraphNode,
  MacroNode,
  Manifest,
  ModelNode,
  NodeConfig,
  SeedNode,
  SnapshotNode,
  SourceNode,
  TestNode,
  AnalysisNode,
} from '../../parse/manifest.js';

export interface NodeOptions {
  /** Parents by name (`stg_a`), unique_id (`model.p.stg_a`) or `source:raw.players`. */
  readonly deps?: readonly string[];
  /** Path under the resource folder, e.g. `staging/stg_a.sql` (default `<name>.sql`). */
  readonly path?: string;
  readonly tags?: readonly string[];
  readonly config?: Partial<NodeConfig> & Record<string, unknown>;
  readonly package?: string;
  readonly checksum?: string;
  readonly macros?: readonly string[];
  readonly description?: string;
  readonly patchPath?: string;
  readonly extra?: Record<string, unknown>;
}

export interface GenericTestOptions extends NodeOptions {
  readonly column?: string;
  /** Further parents (e.g. the `to` model of a relationships test). */
  readonly alsoDependsOn?: readonly string[];
}

type MutableNode = { -readonly [K in keyof GraphNode]: unknown } & Record<string, unknown>;

/** Builds a Manifest for a project (default name `p`). */
export class ManifestBuilder {
  private readonly nodes = new Map<string, Record<string, unknown>>();
  private readonly sources = new Map<string, SourceNode>();
  private readonly macros = new Map<string, MacroNode>();
  private readonly pendingDeps = new Map<string, readonly string[]>();

  constructor(readonly project = 'p') {}

  model(name: string, options: NodeOptions = {}): this {
    return this.addCompiled('model', 'models', name, options, 'view');
  }

  seed(name: string, options: NodeOptions = {}): this {
    return this.addCompiled('seed', 'seeds', name, { ...options, path: options.path ?? `${name}.csv` }, 'seed');
  }

  snapshot(name: string, options: NodeOptions = {}): this {
    return this.addCompiled('snapshot', 'snapshots', name, options, 'snapshot');
  }

  analysis(name: string, options: NodeOptions = {}): this {
    return this.addCompiled('analysis', 'analyses', name, options, 'view');
  }

  /** A singular data test (a .sql file under tests/). */
  singularTest(name: string, options: NodeOptions = {}): this {
    return this.addCompiled('test', 'tests', name, options, 'test');
  }

  /** A generic test (`unique`, `not_null`, …) attached to a node given by name or `source:s.t`. */
  genericTest(testName: string, attachedTo: string, options: GenericTestOptions = {}): this {
    const target = attachedTo.replace(/^source:/, '').replace(/\./g, '_');
    const name = `${testName}_${target}${options.column ? `_${options.column}` : ''}`;
    this.addCompiled(
      'test',
      'models',
      name,
      { ...options, path: options.path ?? `${name}.sql`, deps: [attachedTo, ...(options.alsoDependsOn ?? [])] },
      'test',
    );
    const node = this.nodes.get(`test.${options.package ?? this.project}.${name}`)!;
    node.test_metadata = { name: testName, kwargs: options.column ? { column_name: options.column } : {} };
    node.column_name = options.column;
    node.original_file_path = options.patchPath ?? 'models/schema.yml';
    node.__attached = attachedTo;
    return this;
  }

  /** A unit test of `model` (by name): its only parent is the model, as in a parsed manifest. */
  unitTest(name: string, model: string, options: NodeOptions = {}): this {
    this.addCompiled('unit_test', 'models', name, { ...options, path: options.path ?? 'schema.yml', deps: [model] }, 'test');
    const node = this.nodes.get(`unit_test.${options.package ?? this.project}.${name}`)!;
    node.__tested = model;
    node.model = model;
    node.needs_execute_render = true;
    return this;
  }

  source(sourceName: string, table: string, options: NodeOptions & { readonly schema?: string } = {}): this {
    const pkg = options.package ?? this.project;
    const id = `source.${pkg}.${sourceName}.${table}`;
    const file = options.path ?? 'models/sources.yml';
    this.sources.set(id, {
      unique_id: id,
      resource_type: 'source',
      name: table,
      package_name: pkg,
      fqn: [pkg, ...dirSegments(file.replace(/^models\//, '')), sourceName, table],
      description: options.description ?? '',
      tags: options.tags ?? [],
      meta: {},
      config: makeConfig('view', options),
      columns: {},
      path: file,
      original_file_path: file,
      absolute_path: `/project/${file}`,
      source_name: sourceName,
      source_description: '',
      identifier: table,
      database: 'db',
      schema: options.schema ?? sourceName,
      relation_name: `"db"."${options.schema ?? sourceName}"."${table}"`,
      loader: '',
      ...(options.extra ?? {}),
    } as SourceNode);
    return this;
  }

  macro(name: string, sql: string, dependsOnMacros: readonly string[] = [], pkg = this.project): this {
    const id = `macro.${pkg}.${name}`;
    this.macros.set(id, {
      unique_id: id,
      resource_type: 'macro',
      name,
      package_name: pkg,
      path: `macros/${name}.sql`,
      original_file_path: `macros/${name}.sql`,
      absolute_path: `/project/macros/${name}.sql`,
      macro_sql: sql,
      description: '',
      depends_on: { macros: dependsOnMacros.map((m) => (m.startsWith('macro.') ? m : `macro.${pkg}.${m}`)) },
      arguments: [],
      line: 1,
    });
    return this;
  }

  /** The finished Manifest, with depends_on resolved and parent/child maps filled in. */
  build(): Manifest {
    const nodes: Record<string, GraphNode> = {};
    const parentMap: Record<string, string[]> = {};
    const childMap: Record<string, string[]> = {};
    for (const id of [...this.nodes.keys(), ...this.sources.keys()]) {
      parentMap[id] = [];
      childMap[id] = [];
    }
    for (const [id, raw] of this.nodes) {
      const deps = (this.pendingDeps.get(id) ?? []).map((d) => this.resolve(d));
      const attached = raw.__attached as string | undefined;
      const tested = raw.__tested as string | undefined;
      const { __attached: _ignored, __tested: _tested, ...rest } = raw;
      const node = {
        ...rest,
        depends_on: { nodes: deps, macros: (raw.depends_on as { macros: string[] }).macros },
        ...(attached ? { attached_node: this.resolve(attached) } : {}),
        ...(tested ? { tested_node_unique_id: this.resolve(tested) } : {}),
      } as unknown as GraphNode;
      nodes[id] = node;
      for (const dep of deps) {
        parentMap[id]!.push(dep);
        (childMap[dep] ??= []).push(id);
      }
    }
    return {
      metadata: {
        strata_version: '0.0.0',
        generated_at: '2026-01-01T00:00:00Z',
        project_name: this.project,
        adapter_type: 'postgres',
        target_name: 'dev',
      },
      project: { name: this.project, version: '1.0', project_root: '/project', target_name: 'dev', adapter_type: 'postgres' },
      nodes,
      sources: Object.fromEntries(this.sources),
      macros: Object.fromEntries(this.macros),
      parent_map: parentMap,
      child_map: childMap,
      disabled: {},
    };
  }

  private resolve(dep: string): string {
    if (dep.startsWith('source:')) {
      const [sourceName, table] = dep.slice('source:'.length).split('.');
      const found = [...this.sources.keys()].find((id) => id.endsWith(`.${sourceName}.${table}`));
      if (!found) throw new Error(`test manifest: unknown source ${dep}`);
      return found;
    }
    if (this.nodes.has(dep) || this.sources.has(dep)) return dep;
    const found = [...this.nodes.entries()].find(([, n]) => n.name === dep && n.resource_type !== 'test' && n.resource_type !== 'unit_test');
    if (!found) throw new Error(`test manifest: unknown node ${dep}`);
    return found[0];
  }

  private addCompiled(
    type: 'model' | 'seed' | 'snapshot' | 'test' | 'analysis' | 'unit_test',
    folder: string,
    name: string,
    options: NodeOptions,
    materialized: string,
  ): this {
    const pkg = options.package ?? this.project;
    const id = `${type}.${pkg}.${name}`;
    const path = options.path ?? `${name}.sql`;
    const config = makeConfig(materialized, options);
    const schema = (config.schema as string | undefined) ?? 'analytics';
    const alias = (config.alias as string | undefined) ?? name;
    const node: Partial<MutableNode> = {
      unique_id: id,
      resource_type: type,
      name,
      package_name: pkg,
      fqn: [pkg, ...dirSegments(path), name],
      description: options.description ?? '',
      tags: options.tags ?? [],
      meta: {},
      config,
      columns: {},
      path,
      original_file_path: `${folder}/${path}`,
      absolute_path: `/project/${folder}/${path}`,
      patch_path: options.patchPath,
      database: 'db',
      schema,
      alias,
      relation_name: `"db"."${schema}"."${alias}"`,
      raw_code: `select 1 as ${name}`,
      language: 'sql',
      checksum: { name: 'sha256', checksum: options.checksum ?? `sum-${name}` },
      depends_on: { nodes: [], macros: (options.macros ?? []).map((m) => (m.startsWith('macro.') ? m : `macro.${pkg}.${m}`)) },
      refs: [],
      sources: [],
      needs_execute_render: false,
      ...(options.extra ?? {}),
    };
    this.nodes.set(id, node as Record<string, unknown>);
    this.pendingDeps.set(id, options.deps ?? []);
    return this;
  }
}

function makeConfig(materialized: string, options: NodeOptions): NodeConfig {
  return {
    enabled: true,
    materialized,
    tags: options.tags ?? [],
    meta: {},
    pre_hook: [],
    post_hook: [],
    ...(options.config ?? {}),
  };
}

function dirSegments(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(0, -1);
}

// Re-exported so tests can name node types without reaching into parse/.
export type { ModelNode, SeedNode, SnapshotNode, TestNode, AnalysisNode };
