/**
 * Test support: a real database (PGlite, or the server named by STRATA_TEST_PG_URL) with the three things
 * the incremental and seed tests need: run SQL, answer DatabaseState questions, and run a Plan the way
 * the executor does (each transactional phase in one BEGIN…COMMIT, COPY statements fed their rows).
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { copySource, isCopyStatement, type CopyStatement } from '../csv/copy-statement.js';
import type { ColumnState, DatabaseState, DependentView, ExistingRelation, IndexState, Plan, PlannedStatement, RelationKind, RelationName } from '../plan.js';
import { quoteIdent, renderRelation } from '../sql-names.js';

export type Row = Record<string, unknown>;

/** One connection to a real database, as the tests use it. */
export interface TestDatabase {
  readonly label: 'pglite' | 'postgres';
  query(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a COPY … FROM STDIN statement with its rows. */
  copy(statement: PlannedStatement): Promise<number>;
  close(): Promise<void>;
}

class PgliteDatabase implements TestDatabase {
  readonly label = 'pglite' as const;
  constructor(private readonly db: PGlite) {}
  async query(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    if (params.length === 0) {
      const results = await this.db.exec(sql);
      return (results[results.length - 1]?.rows ?? []) as Row[];
    }
    return (await this.db.query<Row>(sql, [...params])).rows;
  }
  async copy(statement: PlannedStatement): Promise<number> {
    if (!isCopyStatement(statement)) throw new Error('not a COPY statement');
    const result = await this.db.query(statement.copyFrom.blobSql, [], { blob: new Blob(await copyBytes(statement)) });
    return result.affectedRows ?? 0;
  }
  async close(): Promise<void> {
    await this.db.close();
  }
}

class ServerDatabase implements TestDatabase {
  readonly label = 'postgres' as const;
  constructor(private readonly client: pg.Client) {}
  async query(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    const result = await this.client.query(sql, [...params]);
    const last = Array.isArray(result) ? result[result.length - 1] : result;
    return (last?.rows ?? []) as Row[];
  }
  async copy(statement: PlannedStatement): Promise<number> {
    if (!isCopyStatement(statement)) throw new Error('not a COPY statement');
    const stream = this.client.query(copyFromStdin(statement.sql));
    await pipeline(Readable.from(await copyBytes(statement)), stream);
    return stream.rowCount ?? 0;
  }
  async close(): Promise<void> {
    await this.client.end();
  }
}

/** The databases every test runs on: PGlite always, the server too when STRATA_TEST_PG_URL is set. */
export function testDatabaseKinds(): ('pglite' | 'postgres')[] {
  return process.env.STRATA_TEST_PG_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/** Opens a connection of the given kind (PGlite in memory; the server at STRATA_TEST_PG_URL). */
export async function openTestDatabase(kind: 'pglite' | 'postgres'): Promise<TestDatabase> {
  if (kind === 'pglite') return new PgliteDatabase(await PGlite.create());
  const client = new pg.Client({ connectionString: process.env.STRATA_TEST_PG_URL });
  await client.connect();
  return new ServerDatabase(client);
}

let schemaCounter = 0;

/** A fresh schema with a name unique to this process and test, created now; drop it with dropTestSchema. */
export async function createTestSchema(db: TestDatabase, tag: string): Promise<string> {
  schemaCounter += 1;
  const name = `strata_t_${tag}_${process.pid}_${Date.now().toString(36)}_${schemaCounter}`.toLowerCase().slice(0, 63);
  await db.query(`create schema ${quoteIdent(name)}`);
  return name;
}

/** Drops a test schema and everything in it. */
export async function dropTestSchema(db: TestDatabase, schema: string): Promise<void> {
  await db.query(`drop schema if exists ${quoteIdent(schema)} cascade`);
}

/** Runs a plan as the executor will: transactional phases in one BEGIN…COMMIT, rolled back on the first error. */
export async function runPlan(db: TestDatabase, plan: Plan): Promise<void> {
  for (const phase of plan.phases) {
    if (phase.transactional) await db.query('begin');
    try {
      for (const statement of phase.statements) {
        if (isCopyStatement(statement)) await db.copy(statement);
        else await db.query(statement.sql);
      }
      if (phase.transactional) await db.query('commit');
    } catch (error) {
      if (phase.transactional) await db.query('rollback');
      throw error;
    }
  }
}

const relkinds: Record<string, RelationKind> = { r: 'table', v: 'view', m: 'materialized_view', p: 'partitioned_table', f: 'foreign_table' };

/** DatabaseState answered from the catalog of a test database. */
export function testDatabaseState(db: TestDatabase, overrides: Partial<DatabaseState> = {}): DatabaseState {
  const columnsOf = async (regclass: string): Promise<ColumnState[]> =>
    (
      await db.query(
        `select a.attname as name, format_type(a.atttypid, a.atttypmod) as data_type from pg_attribute a
         where a.attrelid = to_regclass($1) and a.attnum > 0 and not a.attisdropped order by a.attnum`,
        [regclass],
      )
    ).map((row) => ({ name: String(row.name), data_type: String(row.data_type) }));
  const state: DatabaseState = {
    async relation(name: RelationName): Promise<ExistingRelation | undefined> {
      const rows = await db.query(
        `select c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relname = $2`,
        [name.schema, name.identifier],
      );
      const kind = rows[0]?.relkind;
      return kind === undefined ? undefined : { name, kind: relkinds[String(kind)] ?? 'other' };
    },
    columns: (name) => columnsOf(renderRelation(name)),
    async queryColumns(sql: string): Promise<readonly ColumnState[]> {
      await db.query('begin');
      try {
        await db.query(`create temporary view strata_query_columns as select * from (\n${sql.replace(/[\s;]+$/, '')}\n) as q limit 0`);
        return await columnsOf('pg_temp.strata_query_columns');
      } finally {
        await db.query('rollback');
      }
    },
    async dependentViews(name: RelationName): Promise<readonly DependentView[]> {
      const rows = await db.query(
        `select distinct dn.nspname as schema, dc.relname as identifier, dc.relkind as kind, pg_get_viewdef(dc.oid) as definition
         from pg_depend d join pg_rewrite r on r.oid = d.objid join pg_class dc on dc.oid = r.ev_class
         join pg_namespace dn on dn.oid = dc.relnamespace
         where d.classid = 'pg_rewrite'::regclass and d.refobjid = to_regclass($1) and dc.oid <> d.refobjid`,
        [renderRelation(name)],
      );
      return rows.map((row) => ({
        name: { database: name.database, schema: String(row.schema), identifier: String(row.identifier) },
        kind: row.kind === 'm' ? 'materialized_view' : 'view',
        definition: String(row.definition),
      }));
    },
    async serverVersionNum(): Promise<number> {
      return Number((await db.query('show server_version_num'))[0]!.server_version_num);
    },
    async listRelations(schema: string): Promise<readonly ExistingRelation[]> {
      const rows = await db.query(
        `select c.relname, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = $1 and c.relkind in ('r', 'v', 'm', 'p', 'f')`,
        [schema],
      );
      return rows.map((row) => ({ name: { database: '', schema, identifier: String(row.relname) }, kind: relkinds[String(row.relkind)] ?? 'other' }));
    },
    async indexes(name: RelationName): Promise<readonly IndexState[]> {
      const rows = await db.query(
        `select i.relname as name, ix.indisunique as unique, am.amname as method,
                array(select coalesce(a.attname::text, '') from unnest(ix.indkey::int2[]) with ordinality k(attnum, ord)
                      left join pg_attribute a on a.attrelid = ix.indrelid and a.attnum = k.attnum order by k.ord) as columns
         from pg_index ix join pg_class i on i.oid = ix.indexrelid join pg_am am on am.oid = i.relam
         where ix.indrelid = to_regclass($1)`,
        [renderRelation(name)],
      );
      return rows.map((row) => ({
        name: String(row.name),
        unique: row.unique === true,
        method: String(row.method),
        columns: (row.columns as string[]).map(String),
      }));
    },
  };
  return { ...state, ...overrides };
}

/** A COPY statement's rows, gathered. */
async function copyBytes(statement: CopyStatement): Promise<(string | Uint8Array)[]> {
  const source = copySource(statement.copyFrom);
  if (typeof source === 'string') return [source];
  const chunks: Uint8Array[] = [];
  for await (const chunk of source) chunks.push(chunk);
  return chunks;
}
