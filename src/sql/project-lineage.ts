import { columnLineageWith, UNKNOWN_COLUMNS, type ModelLineage } from './lineage.js';
import type { ColumnSource } from './lineage-set.js';
import { loadSqlParser } from './parser.js';
import type { UpstreamRelation } from './relation-shape.js';
import { syntaxIssueFromError, type SqlSyntaxIssue } from './validate.js';

/** The parts of a manifest node lineage needs (models, seeds, snapshots, sources all fit). */
export interface LineageInputNode {
  readonly unique_id: string;
  readonly resource_type: string;
  readonly name: string;
  readonly schema?: string;
  /** The relation name of models, seeds and snapshots. */
  readonly alias?: string;
  /** The relation name of sources. */
  readonly identifier?: string;
  readonly columns?: Readonly<Record<string, { readonly name: string; readonly quote?: boolean }>>;
  readonly compiled_code?: string;
  readonly depends_on?: { readonly nodes: readonly string[] };
  readonly config?: { readonly materialized?: string; readonly [key: string]: unknown };
}

/** One column's entry under a node's `column_lineage` in manifest.json. */
export interface ColumnLineageEntry {
  readonly derives_from: readonly ColumnSource[];
  readonly influenced_by?: readonly ColumnSource[];
  /** Why part of it could not be traced (reasons joined by `; `). */
  readonly unresolved?: string;
}

/** column → lineage; the `*` key stands for output columns that could not be listed. */
export type ColumnLineageMap = Readonly<Record<string, ColumnLineageEntry>>;

export interface KnownColumns {
  readonly columns: readonly string[];
  /** Every column (inferred from complete SQL, the catalog, an enforced contract), not just some declared ones. */
  readonly exact: boolean;
}

export interface ProjectLineage {
  /** unique_id → `column_lineage` for manifest.json, for every node whose SQL was analysed. */
  readonly columnLineage: Readonly<Record<string, ColumnLineageMap>>;
  /** unique_id → the full lineage of each analysed node (with its references to missing columns). */
  readonly models: Readonly<Record<string, ModelLineage>>;
  /** unique_id → the columns known for each node after inference. */
  readonly knownColumns: Readonly<Record<string, KnownColumns>>;
  /** unique_id → the syntax error of each node whose compiled SQL did not parse (and so has no lineage). */
  readonly syntaxIssues: Readonly<Record<string, SqlSyntaxIssue>>;
}

export interface ProjectLineageOptions {
  /** unique_id → exact columns from outside the SQL: the catalog when connected, a seed's CSV header. */
  readonly knownColumns?: Readonly<Record<string, readonly string[]>>;
}

/** Node kinds whose compiled SQL defines their columns (and is analysed for lineage). */
export const LINEAGE_RESOURCE_TYPES = new Set(['model', 'snapshot']);

/** The columns strata's snapshot materialization adds to the snapshotted query's. */
const SNAPSHOT_META_COLUMNS = ['dbt_scd_id', 'dbt_updated_at', 'dbt_valid_from', 'dbt_valid_to'];

/**
 * Column lineage of every model and snapshot, parents before children, so that a model's inferred
 * output columns expand the `select *` of the models reading it.
 */
export async function projectLineage(nodes: Iterable<LineageInputNode>, options: ProjectLineageOptions = {}): Promise<ProjectLineage> {
  const all = [...nodes];
  const byRelation = new Map<string, LineageInputNode>();
  for (const node of all) {
    const identifier = node.resource_type === 'source' ? node.identifier : node.alias;
    const key = node.schema !== undefined && identifier !== undefined ? `${node.schema}.${identifier}` : undefined;
    if (key !== undefined && !byRelation.has(key)) byRelation.set(key, node);
  }
  const ephemeralByName = new Map<string, LineageInputNode[]>();
  for (const node of all) {
    if (node.resource_type === 'model' && node.config?.materialized === 'ephemeral') {
      ephemeralByName.set(node.name, [...(ephemeralByName.get(node.name) ?? []), node]);
    }
  }

  const known: Record<string, KnownColumns> = {};
  for (const node of all) {
    const external = options.knownColumns?.[node.unique_id];
    if (external) known[node.unique_id] = { columns: external, exact: true };
    else if (!LINEAGE_RESOURCE_TYPES.has(node.resource_type) || !node.compiled_code) {
      const declared = declaredColumns(node);
      if (declared.length > 0) known[node.unique_id] = { columns: declared, exact: contractEnforced(node) };
    }
  }
  // One relation object per node (until its columns are inferred), so its shape is built once.
  const relations = new Map<string, UpstreamRelation>();
  const relation = (node: LineageInputNode): UpstreamRelation => {
    let found = relations.get(node.unique_id);
    if (!found) {
      const columns = known[node.unique_id];
      found = { unique_id: node.unique_id, columns: columns?.columns, columnsAreExact: columns?.exact ?? false };
      relations.set(node.unique_id, found);
    }
    return found;
  };

  const toAnalyse = all.filter((n) => LINEAGE_RESOURCE_TYPES.has(n.resource_type) && n.compiled_code !== undefined && n.compiled_code.trim() !== '');
  const columnLineage: Record<string, ColumnLineageMap> = {};
  const models: Record<string, ModelLineage> = {};
  const syntaxIssues: Record<string, SqlSyntaxIssue> = {};
  if (toAnalyse.length === 0) return { columnLineage, models, knownColumns: known, syntaxIssues };

  const parser = await loadSqlParser();
  for (const node of parentsFirst(toAnalyse)) {
    const parents = node.depends_on?.nodes ?? [];
    let lineage: ModelLineage;
    try {
      lineage = columnLineageWith(
        parser,
        node.compiled_code!,
        (name) => {
          const upstream = byRelation.get(name);
          return upstream ? relation(upstream) : undefined;
        },
        {
          resolveCte: (cteName) => {
            if (!cteName.startsWith('__dbt__cte__')) return undefined;
            const candidates = ephemeralByName.get(cteName.slice('__dbt__cte__'.length)) ?? [];
            const chosen = candidates.find((c) => parents.includes(c.unique_id)) ?? (candidates.length === 1 ? candidates[0] : undefined);
            return chosen ? relation(chosen) : undefined;
          },
        },
      );
    } catch (error) {
      const issue = syntaxIssueFromError(node.compiled_code!, error);
      if (!issue) throw error;
      syntaxIssues[node.unique_id] = issue;
      continue;
    }
    if (node.resource_type === 'snapshot') lineage = withSnapshotColumns(lineage, node);
    models[node.unique_id] = lineage;
    columnLineage[node.unique_id] = manifestEntries(lineage);
    if (!options.knownColumns?.[node.unique_id]) {
      known[node.unique_id] = inferredColumns(lineage, node);
      relations.delete(node.unique_id);
    }
  }
  return { columnLineage, models, knownColumns: known, syntaxIssues };
}

/** A node's YAML-declared columns as PostgreSQL names them: folded to lower case unless quoted. */
function declaredColumns(node: LineageInputNode): string[] {
  return Object.values(node.columns ?? {}).map((c) => (c.quote ? c.name : c.name.toLowerCase()));
}

function contractEnforced(node: LineageInputNode): boolean {
  const contract = node.config?.contract as { enforced?: unknown } | undefined;
  return contract?.enforced === true;
}

/** Inferred columns when the SQL lists them all; otherwise the listed ones plus any declared, as a subset. */
function inferredColumns(lineage: ModelLineage, node: LineageInputNode): KnownColumns {
  const listed = lineage.columns.filter((c) => c.column !== UNKNOWN_COLUMNS).map((c) => c.column);
  if (lineage.complete) return { columns: listed, exact: true };
  const declared = declaredColumns(node);
  if (contractEnforced(node) && declared.length > 0) return { columns: declared, exact: true };
  return { columns: [...new Set([...listed, ...declared])], exact: false };
}

function withSnapshotColumns(lineage: ModelLineage, node: LineageInputNode): ModelLineage {
  const extra = node.config?.hard_deletes === 'new_record' ? [...SNAPSHOT_META_COLUMNS, 'dbt_is_deleted'] : SNAPSHOT_META_COLUMNS;
  const listed = lineage.columns.filter((c) => c.column !== UNKNOWN_COLUMNS);
  const unknown = lineage.columns.filter((c) => c.column === UNKNOWN_COLUMNS);
  const meta = extra.map((column) => ({ column, derives_from: [], influenced_by: [] }));
  return { ...lineage, columns: [...listed, ...meta, ...unknown] };
}

function manifestEntries(lineage: ModelLineage): ColumnLineageMap {
  const entries: Record<string, ColumnLineageEntry> = {};
  for (const column of lineage.columns) {
    // A view cannot have two columns of one name; keep the first rather than merge them silently.
    if (Object.hasOwn(entries, column.column)) continue;
    entries[column.column] = {
      derives_from: column.derives_from,
      ...(column.influenced_by.length > 0 ? { influenced_by: column.influenced_by } : {}),
      ...(column.unresolved ? { unresolved: column.unresolved.join('; ') } : {}),
    };
  }
  return entries;
}

/** Nodes ordered parents first (Kahn's algorithm, stable by input order); nodes in a cycle come last. */
function parentsFirst(nodes: readonly LineageInputNode[]): LineageInputNode[] {
  const ids = new Set(nodes.map((n) => n.unique_id));
  const waiting = new Map<string, number>();
  const children = new Map<string, LineageInputNode[]>();
  for (const node of nodes) {
    const parents = new Set((node.depends_on?.nodes ?? []).filter((p) => ids.has(p) && p !== node.unique_id));
    waiting.set(node.unique_id, parents.size);
    for (const parent of parents) {
      const list = children.get(parent);
      if (list) list.push(node);
      else children.set(parent, [node]);
    }
  }
  const ordered: LineageInputNode[] = [];
  const ready = nodes.filter((n) => waiting.get(n.unique_id) === 0);
  for (let i = 0; i < ready.length; i++) {
    const node = ready[i]!;
    ordered.push(node);
    for (const child of children.get(node.unique_id) ?? []) {
      const left = waiting.get(child.unique_id)! - 1;
      waiting.set(child.unique_id, left);
      if (left === 0) ready.push(child);
    }
  }
  if (ordered.length < nodes.length) {
    const done = new Set(ordered.map((n) => n.unique_id));
    ordered.push(...nodes.filter((n) => !done.has(n.unique_id)));
  }
  return ordered;
}
