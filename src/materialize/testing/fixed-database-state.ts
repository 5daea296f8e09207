/** A DatabaseState holding a fixed, described catalog: the "given" of golden-SQL tests. */
import type { ColumnState, DatabaseState, DependentView, ExistingRelation, GrantState, IndexState, RelationKind, RelationName } from '../plan.js';
import { relationKey } from '../input.js';

export interface FixedRelation {
  readonly schema: string;
  readonly identifier: string;
  readonly kind: RelationKind;
  readonly columns?: readonly ColumnState[];
  readonly indexes?: readonly IndexState[];
  readonly grants?: GrantState;
  /** Views depending on this relation (their own dependents go in their own FixedRelation). */
  readonly dependents?: readonly DependentView[];
}

export interface FixedCatalog {
  readonly relations?: readonly FixedRelation[];
  /** Columns every query returns. */
  readonly queryColumns?: readonly ColumnState[];
}

/** A DatabaseState answering from `catalog`. */
export function fixedDatabaseState(catalog: FixedCatalog): DatabaseState {
  const byKey = new Map((catalog.relations ?? []).map((r) => [relationKey({ database: 'postgres', schema: r.schema, identifier: r.identifier }), r]));
  const find = (name: RelationName): FixedRelation | undefined => byKey.get(relationKey(name));
  return {
    relation: async (name) => {
      const found = find(name);
      return found ? ({ name, kind: found.kind } satisfies ExistingRelation) : undefined;
    },
    columns: async (name) => find(name)?.columns ?? [],
    queryColumns: async () => catalog.queryColumns ?? [],
    dependentViews: async (name) => find(name)?.dependents ?? [],
    serverVersionNum: async () => 150000,
    schemaExists: async (schema) => (catalog.relations ?? []).some((r) => r.schema === schema),
    listRelations: async (schema) =>
      (catalog.relations ?? [])
        .filter((r) => r.schema === schema)
        .map((r) => ({ name: { database: 'postgres', schema, identifier: r.identifier }, kind: r.kind })),
    indexes: async (name) => find(name)?.indexes ?? [],
    grants: async (name) => find(name)?.grants ?? {},
  };
}
