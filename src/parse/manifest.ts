/**
 * The Manifest: every node of a project after parsing and compiling, the contract between
 * parse/ and every later stage (graph/, execute/, artifacts/). Names follow dbt's manifest.json
 * so users and the tools around dbt recognise them.
 */

export type ResourceType = 'model' | 'seed' | 'snapshot' | 'test' | 'source' | 'analysis' | 'macro' | 'unit_test';

export type Materialization =
  | 'view'
  | 'table'
  | 'incremental'
  | 'ephemeral'
  | 'materialized_view'
  | 'seed'
  | 'snapshot'
  | 'test'
  | (string & {});

/** A column as declared in a property file (and later, known from lineage or the catalog). */
export interface ColumnInfo {
  readonly name: string;
  readonly description: string;
  readonly data_type?: string;
  readonly meta: Readonly<Record<string, unknown>>;
  readonly tags: readonly string[];
  readonly constraints: readonly Readonly<Record<string, unknown>>[];
  readonly quote?: boolean;
}

/** Resolved configuration of a node, after project file < property file < in-file config(). */
export interface NodeConfig {
  readonly enabled: boolean;
  readonly materialized: Materialization;
  readonly schema?: string;
  readonly alias?: string;
  readonly database?: string;
  readonly tags: readonly string[];
  readonly meta: Readonly<Record<string, unknown>>;
  readonly pre_hook: readonly string[];
  readonly post_hook: readonly string[];
  /** Every other key (unique_key, incremental_strategy, on_schema_change, indexes, grants, …) as written. */
  readonly [key: string]: unknown;
}

export interface DependsOn {
  readonly nodes: readonly string[];
  readonly macros: readonly string[];
}

/** Where a node came from: `path` is relative to its resource folder, `original_file_path` to the project. */
export interface NodeFile {
  readonly path: string;
  readonly original_file_path: string;
  /** Absolute path, for reading and for error messages. */
  readonly absolute_path: string;
}

interface NodeBase extends NodeFile {
  readonly unique_id: string;
  readonly resource_type: ResourceType;
  readonly name: string;
  readonly package_name: string;
  readonly fqn: readonly string[];
  readonly description: string;
  readonly tags: readonly string[];
  readonly meta: Readonly<Record<string, unknown>>;
  readonly config: NodeConfig;
  readonly columns: Readonly<Record<string, ColumnInfo>>;
  /** The file declaring this node's properties, when one does. */
  readonly patch_path?: string;
}

/** A node built as a relation in the database. */
interface RelationNode extends NodeBase {
  readonly database: string;
  readonly schema: string;
  readonly alias: string;
  /** The fully quoted name, `"db"."schema"."alias"` (undefined for ephemeral models). */
  readonly relation_name?: string;
}

interface CompiledNode extends RelationNode {
  readonly raw_code: string;
  readonly language: 'sql';
  readonly checksum: { readonly name: 'sha256'; readonly checksum: string };
  readonly depends_on: DependsOn;
  /** `ref()` calls as written: `{name, package?, version?}`. */
  readonly refs: readonly RefCall[];
  /** `source()` calls as written: `[source_name, table_name]`. */
  readonly sources: readonly (readonly [string, string])[];
  /** SQL after Jinja (absent when the node must be rendered at execute time, see `needs_execute_render`). */
  readonly compiled_code?: string;
  /** Where `strata compile` wrote compiled_code, relative to the project. */
  readonly compiled_path?: string;
  /** The template calls what needs a live database (is_incremental, run_query, adapter introspection). */
  readonly needs_execute_render: boolean;
}

export interface RefCall {
  readonly name: string;
  readonly package?: string;
  readonly version?: string | number;
}

export interface ModelNode extends CompiledNode {
  readonly resource_type: 'model';
  readonly version?: string | number;
  /** On each version of a versioned model: the version a bare ref resolves to. */
  readonly latest_version?: string | number;
}

export interface AnalysisNode extends CompiledNode {
  readonly resource_type: 'analysis';
}

export interface SnapshotNode extends CompiledNode {
  readonly resource_type: 'snapshot';
}

export interface SeedNode extends RelationNode {
  readonly resource_type: 'seed';
  readonly checksum: { readonly name: 'sha256'; readonly checksum: string };
  readonly depends_on: DependsOn;
}

/** A data test: singular (a .sql file under tests/) or generic (declared in a property file). */
export interface TestNode extends CompiledNode {
  readonly resource_type: 'test';
  readonly test_metadata?: {
    readonly name: string;
    readonly namespace?: string;
    readonly kwargs: Readonly<Record<string, unknown>>;
  };
  /** The model/seed/snapshot/source a generic test is attached to. */
  readonly attached_node?: string;
  readonly column_name?: string;
}

export interface SourceNode extends NodeBase {
  readonly resource_type: 'source';
  readonly source_name: string;
  readonly source_description: string;
  readonly identifier: string;
  readonly database: string;
  readonly schema: string;
  readonly relation_name: string;
  readonly loaded_at_field?: string;
  readonly freshness?: Readonly<Record<string, unknown>>;
  readonly loader: string;
}

export interface MacroNode {
  readonly unique_id: string;
  readonly resource_type: 'macro';
  readonly name: string;
  readonly package_name: string;
  readonly path: string;
  readonly original_file_path: string;
  readonly absolute_path: string;
  readonly macro_sql: string;
  readonly description: string;
  readonly depends_on: { readonly macros: readonly string[] };
  readonly arguments: readonly { readonly name: string }[];
  readonly line: number;
}

/** One `given` input or the `expect` of a unit test, as written (a fixture file's text already read in). */
export interface UnitTestFixtureData {
  /** dict rows, or csv / sql text. */
  readonly rows?: readonly Readonly<Record<string, unknown>>[] | string;
  readonly format: 'dict' | 'csv' | 'sql';
  /** The fixture file the rows were read from, when `fixture:` named one (relative to the project). */
  readonly fixture?: string;
}

export interface UnitTestGiven extends UnitTestFixtureData {
  /** `ref('x')`, `source('a', 'b')` or `this`, as written. */
  readonly input: string;
  /** The node the input stands for (`this` for the tested model's own relation). */
  readonly input_node: string;
}

/**
 * A unit test (dbt 1.8): the tested model's SQL run against fixture rows instead of its inputs,
 * compared with expected rows. `depends_on.nodes` holds the tested model only (its inputs are fixtures).
 */
export interface UnitTestNode extends NodeBase {
  readonly resource_type: 'unit_test';
  /** The tested model's relation parts (a unit test builds nothing; these name it in progress lines). */
  readonly database: string;
  readonly schema: string;
  /** `<model>::<test>`, as dbt shows unit tests. */
  readonly alias: string;
  readonly model: string;
  readonly tested_node_unique_id: string;
  readonly version?: string | number;
  readonly given: readonly UnitTestGiven[];
  readonly expect: UnitTestFixtureData;
  readonly overrides: {
    readonly macros: Readonly<Record<string, unknown>>;
    readonly vars: Readonly<Record<string, unknown>>;
    readonly env_vars: Readonly<Record<string, unknown>>;
  };
  readonly checksum: { readonly name: 'sha256'; readonly checksum: string };
  readonly depends_on: DependsOn;
  /** Where a run writes the test's SQL, relative to the project. */
  readonly compiled_path?: string;
  /** A unit test's SQL depends on the fixture column types, so it is built when the test runs. */
  readonly compiled_code?: undefined;
  readonly needs_execute_render: true;
  readonly relation_name?: undefined;
}

export type GraphNode = ModelNode | SeedNode | SnapshotNode | TestNode | AnalysisNode | UnitTestNode;
export type AnyNode = GraphNode | SourceNode;

export interface ProjectInfo {
  readonly name: string;
  readonly version: string;
  readonly project_root: string;
  readonly target_name: string;
  readonly adapter_type: string;
}

/** The whole parsed and compiled project. Immutable once built; later stages derive new values. */
export interface Manifest {
  readonly metadata: {
    readonly strata_version: string;
    readonly generated_at: string;
    readonly project_name: string;
    readonly adapter_type: string;
    readonly target_name: string;
  };
  readonly project: ProjectInfo;
  readonly nodes: Readonly<Record<string, GraphNode>>;
  readonly sources: Readonly<Record<string, SourceNode>>;
  readonly macros: Readonly<Record<string, MacroNode>>;
  /** unique_id → the unique_ids it depends on (nodes and sources). */
  readonly parent_map: Readonly<Record<string, readonly string[]>>;
  /** unique_id → the unique_ids that depend on it. */
  readonly child_map: Readonly<Record<string, readonly string[]>>;
  readonly disabled: Readonly<Record<string, readonly AnyNode[]>>;
  /** `{% docs %}` blocks by unique_id (`doc.<package>.<name>`), what `doc()` in descriptions reads. */
  readonly docs?: Readonly<Record<string, { readonly unique_id: string; readonly name: string; readonly package_name: string; readonly block_contents: string }>>;
}

/** Every node that can be selected (graph nodes and sources). */
export function allSelectable(manifest: Manifest): AnyNode[] {
  return [...Object.values(manifest.nodes), ...Object.values(manifest.sources)];
}
