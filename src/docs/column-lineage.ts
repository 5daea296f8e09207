/** Where one column of a node comes from, as the docs page draws it. */
export interface DocsColumnLineage {
  /** Upstream columns: `id` is the upstream node's unique_id. */
  readonly from: readonly { readonly id: string; readonly column: string }[];
  /** Why part of it could not be traced; absent when fully traced. */
  readonly unresolved?: readonly string[];
}

interface ColumnSourceShape {
  readonly unique_id?: unknown;
  readonly column?: unknown;
}

interface ColumnLineageShape {
  readonly column?: unknown;
  readonly derives_from?: unknown;
  readonly unresolved?: unknown;
}

/**
 * A node's `column_lineage` from the manifest, in the one shape the page reads; undefined when the
 * node has none. Accepts the manifest's map (`{column: {derives_from, unresolved?}}`) and a list of
 * `{column, derives_from, unresolved?}`, since the field is young and either may be written.
 */
export function docsColumnLineage(node: object): Record<string, DocsColumnLineage> | undefined {
  const raw = (node as { column_lineage?: unknown }).column_lineage;
  if (raw === null || typeof raw !== 'object') return undefined;
  const entries: [string, ColumnLineageShape][] = Array.isArray(raw)
    ? raw.filter(isObject).map((entry: ColumnLineageShape) => [String(entry.column), entry])
    : Object.entries(raw as Record<string, unknown>).filter((entry): entry is [string, ColumnLineageShape] => isObject(entry[1]));
  if (entries.length === 0) return undefined;
  const lineage: Record<string, DocsColumnLineage> = {};
  for (const [column, entry] of entries) {
    const from = (Array.isArray(entry.derives_from) ? entry.derives_from : [])
      .filter(isObject)
      .filter((source: ColumnSourceShape) => typeof source.unique_id === 'string' && typeof source.column === 'string')
      .map((source: ColumnSourceShape) => ({ id: source.unique_id as string, column: source.column as string }));
    const unresolved = Array.isArray(entry.unresolved) ? entry.unresolved.map(String) : [];
    lineage[column] = unresolved.length > 0 ? { from, unresolved } : { from };
  }
  return lineage;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}
