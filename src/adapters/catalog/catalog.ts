import type { Connection } from '../adapter.js';
import { quoteIdentifier } from '../quoting.js';
import { makeRelation, type Relation } from '../relation.js';
import {
  queryColumns,
  queryDependentViews,
  queryRelations,
  querySchemaNames,
  queryViewNestingDepth,
  type CatalogColumn,
  type CatalogRelation,
  type DependentView,
  type RelationKind,
} from './catalog-queries.js';

export type { CatalogColumn, CatalogRelation, DependentView, RelationKind } from './catalog-queries.js';

/** Runs catalog queries on a connection (reusing the caller's when there is one). */
type ConnectionRunner = <T>(fn: (connection: Connection) => Promise<T>) => Promise<T>;

/**
 * What the database holds, asked once per schema per run and then answered from memory. The cache
 * is told about every create, drop and rename strata makes (relationCreated and friends), so it
 * stays right without asking again; anything else that changes the database mid-run is not seen.
 * Concurrent callers asking about the same schema share one query.
 */
export class Catalog {
  private schemaNames?: Promise<Set<string>>;
  private readonly relationsBySchema = new Map<string, Promise<Map<string, CatalogRelation>>>();
  private readonly columnsByRelation = new Map<string, Promise<CatalogColumn[]>>();

  constructor(
    private readonly database: string,
    private readonly withConnection: ConnectionRunner,
  ) {}

  /** True when the schema exists. */
  async schemaExists(schema: string): Promise<boolean> {
    return (await this.loadSchemaNames()).has(schema);
  }

  /** CREATE SCHEMA IF NOT EXISTS, unless the cache already knows it exists. */
  async createSchema(schema: string): Promise<void> {
    if (await this.schemaExists(schema)) return;
    await this.withConnection(async (connection) => {
      try {
        await connection.query(`create schema if not exists ${quoteIdentifier(schema)}`);
      } catch (error) {
        // Two sessions creating the same schema at once: the loser sees a unique violation on
        // pg_namespace although IF NOT EXISTS was given; the schema exists either way.
        if (!isConcurrentCreate(error)) throw error;
      }
    });
    (await this.loadSchemaNames()).add(schema);
  }

  /** Every relation of a schema with its kind (empty when the schema does not exist); with `where`, those whose identifier it accepts. */
  async listRelations(schema: string, where?: (identifier: string) => boolean): Promise<CatalogRelation[]> {
    const relations = (await this.loadSchema(schema)).values();
    if (!where) return [...relations];
    const found: CatalogRelation[] = [];
    for (const entry of relations) if (where(entry.relation.identifier)) found.push(entry);
    return found;
  }

  /** The relation as it exists now, or undefined. */
  async getRelation(relation: Pick<Relation, 'schema' | 'identifier'>): Promise<CatalogRelation | undefined> {
    return (await this.loadSchema(relation.schema)).get(relation.identifier);
  }

  /** Live columns of a relation in order (empty when it does not exist). */
  async getColumns(relation: Relation): Promise<CatalogColumn[]> {
    const key = relationKey(relation);
    let columns = this.columnsByRelation.get(key);
    if (!columns) {
      columns = this.withConnection((connection) => queryColumns(connection, relation));
      this.columnsByRelation.set(key, columns);
      columns.catch(() => this.columnsByRelation.delete(key));
    }
    return columns;
  }

  /** Views over `relation` (transitively), in the order to create them again. Always asked fresh. */
  dependentViews(relation: Relation): Promise<DependentView[]> {
    return this.withConnection((connection) => queryDependentViews(connection, relation));
  }

  /** How many views deep a select from `relation` goes (see the view-nesting guard). */
  viewNestingDepth(relation: Relation): Promise<number> {
    return this.withConnection((connection) => queryViewNestingDepth(connection, relation));
  }

  /** Tell the cache a relation now exists (created, or replaced by one of another kind). */
  async relationCreated(relation: Relation, kind: RelationKind): Promise<void> {
    this.columnsByRelation.delete(relationKey(relation));
    const known = this.relationsBySchema.get(relation.schema);
    if (known) (await known).set(relation.identifier, { relation, kind });
    if (this.schemaNames) (await this.schemaNames).add(relation.schema);
  }

  /** Tell the cache a relation was dropped. */
  async relationDropped(relation: Pick<Relation, 'schema' | 'identifier'>): Promise<void> {
    this.columnsByRelation.delete(relationKey(relation));
    const known = this.relationsBySchema.get(relation.schema);
    if (known) (await known).delete(relation.identifier);
  }

  /** Tell the cache a relation was renamed within its schema (ALTER … RENAME TO). */
  async relationRenamed(from: Relation, toIdentifier: string): Promise<void> {
    const known = this.relationsBySchema.get(from.schema);
    this.columnsByRelation.delete(relationKey(from));
    this.columnsByRelation.delete(relationKey({ schema: from.schema, identifier: toIdentifier }));
    if (!known) return;
    const relations = await known;
    const entry = relations.get(from.identifier);
    relations.delete(from.identifier);
    relations.delete(toIdentifier);
    if (entry) {
      const renamed = { ...entry, relation: makeRelation(from.database, from.schema, toIdentifier) };
      relations.set(toIdentifier, renamed);
    }
  }

  /** Tell the cache the columns of a relation changed (ALTER TABLE … ADD/DROP/TYPE). */
  columnsChanged(relation: Pick<Relation, 'schema' | 'identifier'>): void {
    this.columnsByRelation.delete(relationKey(relation));
  }

  /** Tell the cache a schema was dropped (with everything in it). */
  async schemaDropped(schema: string): Promise<void> {
    this.forgetSchema(schema);
    if (this.schemaNames) (await this.schemaNames).delete(schema);
  }

  /** Forget what is known about one schema; it is asked again on next use. */
  forgetSchema(schema: string): void {
    this.relationsBySchema.delete(schema);
    for (const key of this.columnsByRelation.keys()) {
      if (JSON.parse(key)[0] === schema) this.columnsByRelation.delete(key);
    }
  }

  /** Forget everything; all is asked again on next use. */
  forgetAll(): void {
    this.schemaNames = undefined;
    this.relationsBySchema.clear();
    this.columnsByRelation.clear();
  }

  private loadSchemaNames(): Promise<Set<string>> {
    if (!this.schemaNames) {
      const loading = this.withConnection(querySchemaNames);
      this.schemaNames = loading;
      loading.catch(() => {
        if (this.schemaNames === loading) this.schemaNames = undefined;
      });
    }
    return this.schemaNames;
  }

  private loadSchema(schema: string): Promise<Map<string, CatalogRelation>> {
    let relations = this.relationsBySchema.get(schema);
    if (!relations) {
      const loading = this.withConnection(async (connection) => {
        const list = await queryRelations(connection, this.database, schema);
        return new Map(list.map((entry) => [entry.relation.identifier, entry]));
      });
      relations = loading;
      this.relationsBySchema.set(schema, loading);
      loading.catch(() => {
        if (this.relationsBySchema.get(schema) === loading) this.relationsBySchema.delete(schema);
      });
    }
    return relations;
  }
}

function relationKey(relation: Pick<Relation, 'schema' | 'identifier'>): string {
  return JSON.stringify([relation.schema, relation.identifier]);
}

function isConcurrentCreate(error: unknown): boolean {
  const code = (error as { sqlstate?: unknown }).sqlstate;
  return code === '23505' || code === '42P06';
}
