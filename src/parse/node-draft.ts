import type { ColumnInfo, GraphNode, NodeConfig, NodeFile, RefCall, TestNode } from './manifest.js';
import type { SourceLocation } from '../errors/strata-error.js';
import type { StaticRef } from './static-refs.js';

/** What parse knows of a node before rendering it. */
export interface NodeDraftInput {
  readonly unique_id: string;
  readonly resource_type: GraphNode['resource_type'];
  readonly name: string;
  /** A generic test's name for its compiled file and relation when its name is 64 characters or more (dbt's). */
  readonly shortName?: string;
  readonly package_name: string;
  readonly fqn: readonly string[];
  readonly file: NodeFile;
  /** Where a node declared in a property file is written (a generic test's entry): its render errors point there. */
  readonly declaredAt?: SourceLocation;
  readonly raw_code: string;
  /** The checksum when it is not of raw_code (a large seed, whose text is not kept). */
  readonly checksum?: { readonly name: 'sha256'; readonly checksum: string };
  readonly version?: string | number;
  /** True for the version a bare `ref('name')` resolves to. */
  readonly isLatestVersion?: boolean;
  /** The model's latest version (dbt's latest_version), on each of its versions. */
  readonly latestVersion?: string | number;
  readonly description: string;
  readonly columns: Readonly<Record<string, ColumnInfo>>;
  readonly patch_path?: string;
  /** Renders the node's SQL in a context; absent for seeds, which have no SQL. */
  readonly render?: (context: Record<string, unknown>) => Promise<string>;
  /** The node's config from the project file and property files, with the in-file `config()` values over it. */
  readonly resolveConfig: (inFile: Readonly<Record<string, unknown>>) => NodeConfig;
  /** `resolveConfig({})`, when the caller has computed it already. */
  readonly initialConfig?: NodeConfig;
  /** Refs and sources known without rendering (literal calls anywhere in the template). */
  readonly staticRefs: readonly StaticRef[];
  readonly staticSources: readonly (readonly [string, string])[];
  readonly test?: {
    readonly metadata?: TestNode['test_metadata'];
    readonly attached_node?: string;
    readonly column_name?: string;
  };
}

const NO_DRAFTS: ReadonlySet<NodeDraft> = new Set();

/** A node while its render is under way: what the render has recorded so far. */
export class NodeDraft {
  inFileConfig: Record<string, unknown> = {};
  config: NodeConfig;
  relation?: { readonly database: string; readonly schema: string; readonly alias: string };
  readonly dependsOn = new Set<string>();
  readonly macros = new Set<string>();
  readonly refs: RefCall[] = [];
  readonly sources: [string, string][] = [];
  /** Ephemeral models this node refs directly (their CTEs are inlined into its SQL); few nodes have any. */
  private ephemerals?: Set<NodeDraft>;
  compiled?: string;
  /** Compiled SQL without the ephemeral CTEs (what an ephemeral contributes as a CTE body). */
  renderedSql?: string;
  needsExecuteRender = false;
  failed = false;
  /** Settles when the render has ended; set when it starts. */
  ready?: Promise<void>;
  /** The render has ended (successfully or not): its config and relation are final. */
  finished = false;
  /** An in-file config() changed schema, alias or database after the relation was named. */
  namingConfigChanged = false;
  /** The relation is named for good (the compile render is over): `this` is it, whatever config() says again. */
  relationFinal = false;
  /** `this` as the render printed it before the relation was named for good (`"db"."schema"."alias"`). */
  readonly provisionalThis = new Set<string>();

  constructor(readonly input: NodeDraftInput) {
    this.config = input.initialConfig ?? input.resolveConfig({});
  }

  /** The config as this node's own, copying a configuration it shares with others (frozen) first. */
  ownConfig(): NodeConfig {
    if (Object.isFrozen(this.config)) this.config = structuredClone(this.config);
    return this.config;
  }

  get ephemeralRefs(): ReadonlySet<NodeDraft> {
    return this.ephemerals ?? NO_DRAFTS;
  }

  addEphemeralRef(draft: NodeDraft): void {
    (this.ephemerals ??= new Set()).add(draft);
  }

  get id(): string {
    return this.input.unique_id;
  }

  /** Records a `config()` call: later calls override earlier keys, as in dbt. */
  recordConfig(values: Readonly<Record<string, unknown>>): void {
    this.inFileConfig = { ...this.inFileConfig, ...values };
    if ('schema' in values || 'alias' in values || 'database' in values || 'target_schema' in values || 'target_database' in values) this.namingConfigChanged = true;
    this.config = this.input.resolveConfig(this.inFileConfig);
  }
}
