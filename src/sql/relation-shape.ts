import { LineageSet } from './lineage-set.js';

/** A model, seed, snapshot or source that compiled SQL reads from. */
export interface UpstreamRelation {
  readonly unique_id: string;
  /** Its columns as PostgreSQL names them (folded to lower case unless quoted), when known. */
  readonly columns?: readonly string[];
  /**
   * Whether `columns` is every column (inferred from its SQL, read from the catalog, a seed's
   * header, an enforced contract). False for columns merely declared in YAML, which are often a
   * subset: `*` then lists them but says the rest is unknown, and no reference is called missing.
   */
  readonly columnsAreExact?: boolean;
}

/** Finds the upstream node of a relation name: `schema.identifier`, or `identifier` when unqualified. */
export type UpstreamResolver = (relation: string) => UpstreamRelation | undefined;

const SYSTEM_COLUMNS = new Set(['ctid', 'xmin', 'xmax', 'cmin', 'cmax', 'tableoid']);

export interface ShapeColumn {
  readonly name: string;
  readonly lineage: LineageSet;
}

/** What looking a column name up in a relation tells. */
export type ColumnLookup =
  | { readonly kind: 'found'; readonly lineage: LineageSet }
  /** The relation's columns are not all known; if it has this column, this is where it comes from. */
  | { readonly kind: 'maybe'; readonly lineage: LineageSet }
  | { readonly kind: 'missing' }
  | { readonly kind: 'unknown'; readonly reason: string };

/** The columns of a relation as a query sees it: an upstream node, a CTE, a subquery. */
export interface RelationShape {
  /** How messages name it: a unique_id, `CTE orders`, `subquery s`. */
  readonly label: string;
  /** Set for upstream nodes, the relations column checks report against. */
  readonly uniqueId?: string;
  readonly columns: readonly ShapeColumn[];
  /** Every column is listed, so a name not listed does not exist. */
  readonly complete: boolean;
  /** Why not every column is listed (when not complete). */
  readonly incompleteReason?: string;
  /** Where an unlisted name would come from, for shapes that are not complete. */
  readonly unlisted?: (name: string) => ColumnLookup;
}

/** Looks `name` up among a shape's columns (the first of duplicates, as an outer query would fail on them anyway). */
export function lookupColumn(shape: RelationShape, name: string): ColumnLookup {
  const column = shape.columns.find((c) => c.name === name);
  if (column) return { kind: 'found', lineage: column.lineage };
  // Every table has these; they hold no data of the node.
  if (shape.uniqueId !== undefined && SYSTEM_COLUMNS.has(name)) return { kind: 'found', lineage: new LineageSet() };
  if (shape.complete) return { kind: 'missing' };
  return shape.unlisted?.(name) ?? { kind: 'unknown', reason: shape.incompleteReason ?? `the columns of ${shape.label} are not all known` };
}

const shapes = new WeakMap<UpstreamRelation, RelationShape>();

/** The shape of an upstream node: each column derives from itself. Shapes are immutable, so one serves every query reading it. */
export function upstreamShape(relation: UpstreamRelation): RelationShape {
  let shape = shapes.get(relation);
  if (!shape) {
    shape = buildUpstreamShape(relation);
    shapes.set(relation, shape);
  }
  return shape;
}

function buildUpstreamShape(relation: UpstreamRelation): RelationShape {
  const id = relation.unique_id;
  const complete = relation.columns !== undefined && relation.columnsAreExact !== false;
  return {
    label: id,
    uniqueId: id,
    columns: (relation.columns ?? []).map((name) => ({ name, lineage: LineageSet.of({ unique_id: id, column: name }) })),
    complete,
    incompleteReason: complete
      ? undefined
      : relation.columns === undefined
        ? `the columns of ${id} are unknown`
        : `the columns of ${id} are known only as declared in YAML`,
    // A reference the SQL makes to a column of a node is that node's column, known or not.
    unlisted: (name) => ({ kind: 'maybe', lineage: LineageSet.of({ unique_id: id, column: name }) }),
  };
}

/** A relation that is no node of the project (a raw table, a table function): nothing to trace to. */
export function opaqueShape(label: string, reason: string): RelationShape {
  return { label, columns: [], complete: false, incompleteReason: reason, unlisted: () => ({ kind: 'unknown', reason }) };
}

/** The shape renamed by an alias column list `AS t(a, b)` (positionally), under a new label. */
export function renameShape(shape: RelationShape, label: string, names: readonly string[]): RelationShape {
  if (names.length === 0) return { ...shape, label };
  const columns: ShapeColumn[] = shape.columns.map((c, i) => ({ name: names[i] ?? c.name, lineage: c.lineage }));
  for (let i = columns.length; i < names.length; i++) {
    columns.push({ name: names[i]!, lineage: LineageSet.unresolved(shape.incompleteReason ?? `the columns of ${shape.label} are not all known`) });
  }
  // Renamed columns no longer answer to their old names; only positions beyond the list keep them.
  return { ...shape, label, columns };
}
