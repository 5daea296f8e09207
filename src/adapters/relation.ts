import { quoteIdentifier } from './quoting.js';

/**
 * A table, view or other relation by name, as dbt's `Relation` names it.
 *
 * `render()` prints `"schema"."identifier"` and leaves the database out, on purpose. PostgreSQL
 * accepts a three-part name only when its first part equals current_database() ("cross-database
 * references are not implemented"), so the database part never selects anything; it only pins
 * the SQL to one database name. PGlite's database is always `postgres` while a profile's
 * `database` says what the user calls it, and a server reached through a pooler may expose a
 * different name than the profile: a three-part name would make the same compiled SQL fail on one
 * of them. The database stays on the value (`this.database` in templates) and
 * `render({ includeDatabase: true })` prints it for callers that need dbt's exact text.
 */
export interface Relation {
  readonly database: string;
  readonly schema: string;
  readonly identifier: string;
  render(options?: RenderOptions): string;
}

export interface RenderOptions {
  readonly includeDatabase?: boolean;
}

/** A Relation value; names are kept exactly as given (quoted on render, so case matters). */
export function makeRelation(database: string, schema: string, identifier: string): Relation {
  return Object.freeze({
    database,
    schema,
    identifier,
    render(options: RenderOptions = {}): string {
      const parts = options.includeDatabase ? [database, schema, identifier] : [schema, identifier];
      return parts.map(quoteIdentifier).join('.');
    },
    toString(): string {
      return this.render();
    },
  });
}

/** True when both name the same relation (database is ignored, as render() ignores it). */
export function sameRelation(a: Pick<Relation, 'schema' | 'identifier'>, b: Pick<Relation, 'schema' | 'identifier'>): boolean {
  return a.schema === b.schema && a.identifier === b.identifier;
}
