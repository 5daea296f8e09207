/** Building PlannedStatements tersely, and the SQL keyword each relation kind is addressed by. */
import type { PlannedStatement, RelationKind } from './plan.js';

/** A statement with the reason it runs. */
export function statement(sql: string, purpose: string, countsRows = false): PlannedStatement {
  return countsRows ? { sql, purpose, countsRows } : { sql, purpose };
}

/** The object keyword of `alter … rename`, `drop …` and `comment on …` for a kind of relation. */
export function relationKeyword(kind: RelationKind): string {
  switch (kind) {
    case 'table':
    case 'partitioned_table':
      return 'table';
    case 'view':
      return 'view';
    case 'materialized_view':
      return 'materialized view';
    case 'foreign_table':
      return 'foreign table';
    case 'other':
      // ALTER TABLE accepts most relation kinds; only reached for relations we never create ourselves.
      return 'table';
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

/**
 * The model's SELECT made safe to embed in `create … as (…)`: trailing semicolons dropped (they would end
 * the statement early) and the closing parenthesis on its own line (a trailing `-- comment` would swallow it).
 */
export function embeddedSelect(sql: string): string {
  return `(\n${sql.replace(/[\s;]+$/, '')}\n)`;
}
