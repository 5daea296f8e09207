import { UNKNOWN_COLUMNS } from './lineage.js';
import { sortedSources, type ColumnSource } from './lineage-set.js';
import type { ColumnLineageMap } from './project-lineage.js';

export type TraceDirection = 'upstream' | 'downstream';

/** One column in a lineage tree, with the columns it comes from (upstream) or feeds (downstream). */
export interface TraceNode {
  readonly unique_id: string;
  readonly column: string;
  /** How it is linked to its parent in the tree; absent at the root. */
  readonly link?: 'derives' | 'influences';
  /** Why its lineage stops here although it should not. */
  readonly unresolved?: string;
  /** Already expanded earlier in the tree (or a cycle); its branches are not repeated. */
  readonly repeated?: boolean;
  readonly children: readonly TraceNode[];
}

export interface TraceOptions {
  /** Also follow columns that only influence (window partitions and orders, aggregate filters). */
  readonly includeInfluences?: boolean;
}

interface Edge {
  readonly source: ColumnSource;
  readonly link: 'derives' | 'influences';
}

/** The tree of columns `column` of `unique_id` derives from (upstream) or that derive from it (downstream). */
export function traceColumn(
  lineageByNode: Readonly<Record<string, ColumnLineageMap>>,
  unique_id: string,
  column: string,
  direction: TraceDirection,
  options: TraceOptions = {},
): TraceNode {
  const edges = direction === 'upstream' ? upstreamEdges(lineageByNode, options) : downstreamEdges(lineageByNode, options);
  const expanded = new Set<string>();

  const visit = (source: ColumnSource, link: Edge['link'] | undefined): TraceNode => {
    const key = `${source.unique_id}\u0000${source.column}`;
    const base = { unique_id: source.unique_id, column: source.column, ...(link ? { link } : {}) };
    const unresolved = direction === 'upstream' ? unresolvedReason(lineageByNode, source) : undefined;
    const withReason = unresolved === undefined ? base : { ...base, unresolved };
    if (expanded.has(key)) return { ...withReason, repeated: true, children: [] };
    expanded.add(key);
    return { ...withReason, children: edges(source).map((edge) => visit(edge.source, edge.link)) };
  };
  return visit({ unique_id, column }, undefined);
}

function upstreamEdges(lineageByNode: Readonly<Record<string, ColumnLineageMap>>, options: TraceOptions): (c: ColumnSource) => Edge[] {
  return (target) => {
    const entry = lineageByNode[target.unique_id]?.[target.column];
    if (!entry) return [];
    const derives = entry.derives_from.map((source) => ({ source, link: 'derives' as const }));
    const influences = options.includeInfluences ? (entry.influenced_by ?? []).map((source) => ({ source, link: 'influences' as const })) : [];
    return [...derives, ...influences];
  };
}

function downstreamEdges(lineageByNode: Readonly<Record<string, ColumnLineageMap>>, options: TraceOptions): (c: ColumnSource) => Edge[] {
  const consumers = new Map<string, { source: ColumnSource; link: Edge['link'] }[]>();
  const add = (from: ColumnSource, to: ColumnSource, link: Edge['link']) => {
    const key = `${from.unique_id}\u0000${from.column}`;
    consumers.set(key, [...(consumers.get(key) ?? []), { source: to, link }]);
  };
  for (const [unique_id, columns] of Object.entries(lineageByNode)) {
    for (const [column, entry] of Object.entries(columns)) {
      for (const from of entry.derives_from) add(from, { unique_id, column }, 'derives');
      if (options.includeInfluences) for (const from of entry.influenced_by ?? []) add(from, { unique_id, column }, 'influences');
    }
  }
  return (source) => {
    const found = consumers.get(`${source.unique_id}\u0000${source.column}`) ?? [];
    const order = sortedSources(new Set(found.map((f) => f.source)));
    return order.flatMap((s) => found.filter((f) => f.source === s));
  };
}

/** Why an upstream trace cannot continue from a column of a node whose SQL was analysed. */
function unresolvedReason(lineageByNode: Readonly<Record<string, ColumnLineageMap>>, source: ColumnSource): string | undefined {
  const columns = lineageByNode[source.unique_id];
  if (!columns) return undefined;
  const entry = columns[source.column];
  if (entry) return entry.unresolved;
  const unknown = columns[UNKNOWN_COLUMNS];
  return unknown?.unresolved ?? `${source.unique_id} has no column ${source.column}`;
}

/** The tree as indented text, one column per line (`unique_id.column`), for `strata lineage`. */
export function formatTraceTree(root: TraceNode): string {
  const lines = [label(root)];
  const walk = (node: TraceNode, prefix: string) => {
    node.children.forEach((child, i) => {
      const last = i === node.children.length - 1;
      lines.push(`${prefix}${last ? '└── ' : '├── '}${label(child)}`);
      walk(child, `${prefix}${last ? '    ' : '│   '}`);
    });
  };
  walk(root, '');
  return lines.join('\n');
}

function label(node: TraceNode): string {
  const notes = [
    node.link === 'influences' ? '(influences)' : undefined,
    node.repeated ? '(see above)' : undefined,
    node.unresolved !== undefined ? `(unresolved: ${node.unresolved})` : undefined,
  ].filter((n): n is string => n !== undefined);
  return [`${node.unique_id}.${node.column}`, ...notes].join(' ');
}
