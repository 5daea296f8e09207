/**
 * Real databases for materialization tests: an in-process PGlite, and the PostgreSQL server named by
 * STRATA_TEST_PG_URL. Each test gets its own schema on the server, dropped when it closes.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { randomUUID } from 'node:crypto';

export interface QueryResult {
  readonly rows: Record<string, unknown>[];
  readonly rowCount: number;
}

/** Runs one statement (or, without params, a script of several) and returns the last result. */
export type QueryFn = (sql: string, params?: readonly unknown[]) => Promise<QueryResult>;

export interface TestDatabase {
  readonly kind: 'pglite' | 'postgres';
  readonly query: QueryFn;
  /** A schema name no other test uses (not created yet); dropped with everything in it on close. */
  freshSchema(): string;
  close(): Promise<void>;
}

function uniqueSchema(): string {
  return `strata_mat_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
}

/** A fresh in-memory PGlite. */
export async function openPglite(): Promise<TestDatabase> {
  const db = await PGlite.create();
  const query: QueryFn = async (sql, params) => {
    if (params && params.length > 0) {
      const result = await db.query<Record<string, unknown>>(sql, params as unknown[]);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    }
    const results = await db.exec(sql);
    const last = results[results.length - 1];
    return { rows: (last?.rows ?? []) as Record<string, unknown>[], rowCount: last?.affectedRows ?? last?.rows.length ?? 0 };
  };
  return { kind: 'pglite', query, freshSchema: uniqueSchema, close: () => db.close() };
}

/** A connection to the server at `url`; its test schema is dropped on close. */
export async function openServer(url: string): Promise<TestDatabase> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const schemas: string[] = [];
  const query: QueryFn = async (sql, params) => {
    const result = await client.query(sql, params as unknown[] | undefined);
    const last = Array.isArray(result) ? result[result.length - 1] : result;
    return { rows: (last?.rows ?? []) as Record<string, unknown>[], rowCount: last?.rowCount ?? 0 };
  };
  return {
    kind: 'postgres',
    query,
    freshSchema: () => {
      const schema = uniqueSchema();
      schemas.push(schema);
      return schema;
    },
    close: async () => {
      try {
        for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
}

/** The databases every real-database test runs on: PGlite always, the server when STRATA_TEST_PG_URL is set. */
export const testDatabaseKinds: readonly ('pglite' | 'postgres')[] = process.env.STRATA_TEST_PG_URL ? ['pglite', 'postgres'] : ['pglite'];

/** Opens a database of `kind`. */
export function openTestDatabase(kind: 'pglite' | 'postgres'): Promise<TestDatabase> {
  return kind === 'pglite' ? openPglite() : openServer(process.env.STRATA_TEST_PG_URL!);
}
