/**
 * The `persist_docs` config: the model's description and its columns' descriptions as PostgreSQL
 * comments, written on the relation being built so they travel with it through a swap.
 */
import type { ColumnInfo, GraphNode } from '../parse/manifest.js';
import type { ColumnState, PlannedStatement, RelationKind, RelationName } from './plan.js';
import { quoteIdent, quoteLiteral, renderRelation, userIdentifier } from './sql-names.js';
import { relationKeyword, statement } from './statement.js';

export interface PersistDocsConfig {
  readonly relation: boolean;
  readonly columns: boolean;
}

/** The node's `persist_docs` config (anything but `true` counts as off, as in dbt). */
export function readPersistDocsConfig(node: GraphNode): PersistDocsConfig {
  const raw = node.config.persist_docs;
  const config = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  return { relation: config.relation === true, columns: config.columns === true };
}

/** A declared column's name as the relation holds it: quoted names keep their case, others fold as PostgreSQL does. */
export function declaredColumnName(column: ColumnInfo): string {
  if (column.quote === true) return column.name;
  return userIdentifier(column.name) ?? column.name;
}

/**
 * `comment on …` statements for the relation and for declared columns the relation actually has
 * (a column described in YAML but absent from the query is skipped, as dbt does).
 */
export function persistDocsStatements(
  node: GraphNode,
  config: PersistDocsConfig,
  on: RelationName,
  kind: RelationKind,
  columns: readonly ColumnState[],
): PlannedStatement[] {
  const statements: PlannedStatement[] = [];
  if (config.relation && node.description.trim() !== '') {
    statements.push(
      statement(`comment on ${relationKeyword(kind)} ${renderRelation(on)} is ${quoteLiteral(node.description)}`, 'persist the model description'),
    );
  }
  if (config.columns) {
    const present = new Set(columns.map((column) => column.name));
    for (const column of Object.values(node.columns)) {
      const name = declaredColumnName(column);
      if (column.description.trim() === '' || !present.has(name)) continue;
      statements.push(
        statement(
          `comment on column ${renderRelation(on)}.${quoteIdent(name)} is ${quoteLiteral(column.description)}`,
          `persist the description of column ${name}`,
        ),
      );
    }
  }
  return statements;
}
