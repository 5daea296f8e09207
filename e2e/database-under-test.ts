/** The databases e2e builds run against: the embedded one always, the server when STRATA_TEST_PG_URL is set. */
import { PGlite } from '@electric-sql/pglite';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { useServerProfile } from './cli-harness.js';

export type DatabaseKind = 'pglite' | 'postgres';
export const databaseKinds: readonly DatabaseKind[] = process.env.STRATA_TEST_PG_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface ProjectDatabase {
  /** Rows of a query against what the CLI built (after the CLI has exited). */
  query(sql: string): Promise<Record<string, unknown>[]>;
  /** The target schema the project builds into (custom schemas are `<schema>_<name>`). */
  readonly schema: string;
  cleanup(): Promise<void>;
}

/** Points the project in `dir` at a database of `kind` and returns a way to look at what was built. */
export async function prepareDatabase(kind: DatabaseKind, dir: string, profile: string): Promise<ProjectDatabase> {
  if (kind === 'pglite') {
    // No profiles.yml: the built-in target, PGlite at .strata/pglite, schema public.
    return {
      schema: 'public',
      async query(sql) {
        const db = await PGlite.create({ dataDir: path.join(dir, '.strata', 'pglite') });
        try {
          return (await db.query<Record<string, unknown>>(sql)).rows;
        } finally {
          await db.close();
        }
      },
      cleanup: async () => undefined,
    };
  }
  const url = process.env.STRATA_TEST_PG_URL!;
  const schema = `strata_e2e_${randomUUID().replaceAll('-', '').slice(0, 10)}`;
  await useServerProfile(dir, profile, url, schema);
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows as Record<string, unknown>[];
    } finally {
      await client.end();
    }
  };
  return {
    schema,
    query: run,
    async cleanup() {
      const schemas = await run(`select nspname from pg_namespace where nspname like '${schema}%'`);
      for (const row of schemas) await run(`drop schema if exists "${String(row.nspname)}" cascade`);
    },
  };
}
