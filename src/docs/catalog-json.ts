import path from 'node:path';
import type { Adapter } from '../adapters/adapter.js';
import type { RelationKind } from '../adapters/catalog/catalog.js';
import { makeRelation } from '../adapters/relation.js';
import { writeJsonArtifact } from '../artifacts/write-json.js';

/** dbt's catalog schema version, for tools that check it. */
export const CATALOG_SCHEMA = 'https://schemas.getdbt.com/dbt/catalog/v1.json';

export interface CatalogColumnJson {
  readonly type: string;
  readonly index: number;
  readonly name: string;
  readonly comment: string | null;
}

/** One relation of `catalog.json`, as dbt writes it. */
export interface CatalogTableJson {
  readonly metadata: {
    /** `BASE TABLE`, `VIEW`, `MATERIALIZED VIEW`, … (information_schema's words). */
    readonly type: string;
    readonly schema: string;
    readonly name: string;
    readonly database: string | null;
    readonly comment: string | null;
    readonly owner: string | null;
  };
  readonly columns: Readonly<Record<string, CatalogColumnJson>>;
  readonly stats: Readonly<Record<string, unknown>>;
  readonly unique_id: string;
}

/** `target/catalog.json`: the relations the project's nodes and sources are in the database. */
export interface CatalogJson {
  readonly metadata: {
    readonly dbt_schema_version: string;
    readonly strata_version?: string;
    readonly generated_at: string;
    readonly invocation_id: string | null;
    readonly env: Readonly<Record<string, string>>;
  };
  readonly nodes: Readonly<Record<string, CatalogTableJson>>;
  readonly sources: Readonly<Record<string, CatalogTableJson>>;
  readonly errors: readonly string[] | null;
}

/** A relation the project expects: a node's or a source's schema and identifier. */
export interface ExpectedRelation {
  readonly unique_id: string;
  readonly kind: 'node' | 'source';
  readonly database: string;
  readonly schema: string;
  readonly identifier: string;
}

/** What the database says about one expected relation that exists. */
export interface FoundRelation {
  readonly expected: ExpectedRelation;
  readonly kind: RelationKind;
  readonly columns: readonly { readonly name: string; readonly dataType: string; readonly ordinal: number }[];
}

/** The slice of a manifest the catalog needs (the in-memory Manifest and manifest.json both fit). */
export interface CatalogManifestInput {
  readonly nodes: Readonly<Record<string, { readonly resource_type: string; readonly database?: string; readonly schema?: string; readonly alias?: string; readonly config: { readonly materialized?: string } }>>;
  readonly sources: Readonly<Record<string, { readonly database: string; readonly schema: string; readonly identifier: string }>>;
}

const RELATION_TYPES = new Set(['model', 'seed', 'snapshot']);

const TYPE_BY_KIND: Readonly<Record<RelationKind, string>> = {
  table: 'BASE TABLE',
  view: 'VIEW',
  materialized_view: 'MATERIALIZED VIEW',
  foreign_table: 'FOREIGN TABLE',
  partitioned_table: 'BASE TABLE',
};

/** Every relation of the manifest that should exist in the database (ephemeral models, tests and analyses do not). */
export function expectedRelations(manifest: CatalogManifestInput): ExpectedRelation[] {
  const relations: ExpectedRelation[] = [];
  for (const [id, node] of Object.entries(manifest.nodes)) {
    if (!RELATION_TYPES.has(node.resource_type) || node.config.materialized === 'ephemeral') continue;
    if (node.schema === undefined || node.alias === undefined) continue;
    relations.push({ unique_id: id, kind: 'node', database: node.database ?? '', schema: node.schema, identifier: node.alias });
  }
  for (const [id, source] of Object.entries(manifest.sources))
    relations.push({ unique_id: id, kind: 'source', database: source.database, schema: source.schema, identifier: source.identifier });
  return relations;
}

/** catalog.json from what was found; relations not found are left out, as dbt leaves them out. */
export function catalogJson(found: readonly FoundRelation[], meta: { generatedAt: string; invocationId?: string; strataVersion?: string }): CatalogJson {
  const nodes: Record<string, CatalogTableJson> = {};
  const sources: Record<string, CatalogTableJson> = {};
  for (const entry of [...found].sort((a, b) => a.expected.unique_id.localeCompare(b.expected.unique_id))) {
    const { expected } = entry;
    const columns: Record<string, CatalogColumnJson> = {};
    for (const column of [...entry.columns].sort((a, b) => a.ordinal - b.ordinal))
      columns[column.name] = { type: column.dataType, index: column.ordinal, name: column.name, comment: null };
    const table: CatalogTableJson = {
      metadata: { type: TYPE_BY_KIND[entry.kind], schema: expected.schema, name: expected.identifier, database: expected.database || null, comment: null, owner: null },
      columns,
      stats: { has_stats: { id: 'has_stats', label: 'Has Stats?', value: false, include: false, description: 'Indicates whether there are statistics for this table' } },
      unique_id: expected.unique_id,
    };
    (expected.kind === 'node' ? nodes : sources)[expected.unique_id] = table;
  }
  return {
    metadata: {
      dbt_schema_version: CATALOG_SCHEMA,
      ...(meta.strataVersion ? { strata_version: meta.strataVersion } : {}),
      generated_at: meta.generatedAt,
      invocation_id: meta.invocationId ?? null,
      env: {},
    },
    nodes,
    sources,
    errors: null,
  };
}

/** Asks the database for the type and columns of every relation the manifest expects, on one connection. */
export async function readCatalog(adapter: Adapter, manifest: CatalogManifestInput, meta: { generatedAt?: string; invocationId?: string; strataVersion?: string } = {}): Promise<CatalogJson> {
  const expected = expectedRelations(manifest);
  const found = await adapter.withConnection(async () => {
    const entries: FoundRelation[] = [];
    for (const relation of expected) {
      const existing = await adapter.catalog.getRelation(relation);
      if (!existing) continue;
      const columns = await adapter.catalog.getColumns(makeRelation(relation.database, relation.schema, relation.identifier));
      entries.push({ expected: relation, kind: existing.kind, columns });
    }
    return entries;
  });
  return catalogJson(found, { generatedAt: meta.generatedAt ?? new Date().toISOString(), invocationId: meta.invocationId, strataVersion: meta.strataVersion });
}

/** Writes `<targetDir>/catalog.json`; returns its path. */
export async function writeCatalog(targetDir: string, catalog: CatalogJson): Promise<string> {
  const file = path.join(targetDir, 'catalog.json');
  await writeJsonArtifact(file, catalog);
  return file;
}
