import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../errors/strata-error.js';
import type { Adapter } from './adapter.js';
import { DatabaseError } from './database-error.js';
import { openAdapter } from './open-adapter.js';
import { makeRelation } from './relation.js';
import { testTarget, testTargetKinds, uniqueSchemaName } from './testing/test-targets.js';

describe.each(testTargetKinds)('adapter on %s', (kind) => {
  let adapter: Adapter;
  const schemas: string[] = [];
  const freshSchema = async (): Promise<string> => {
    const schema = uniqueSchemaName();
    schemas.push(schema);
    await adapter.withConnection((c) => c.query(`create schema "${schema}"`));
    return schema;
  };

  beforeAll(async () => {
    const { target, projectDir } = testTarget(kind);
    adapter = await openAdapter(target, { projectDir });
  });
  afterAll(async () => {
    if (!adapter) return;
    await adapter.withConnection(async (c) => {
      for (const schema of schemas) await c.query(`drop schema if exists "${schema}" cascade`);
    });
    await adapter.close();
  });

  it('returns values as the QueryResult contract says, the same on both databases', async () => {
    const result = await adapter.withConnection((c) =>
      c.query(
        `select 1.50::numeric(10,2) as price, 9007199254740993::int8 as big, 42::int8 as small, 7::int4 as n, 2.5::float8 as f,
                date '2024-02-29' as day, timestamp '2024-02-29 13:14:15.123456' as at, timestamptz '2024-02-29 13:14:15+00' as at_tz,
                interval '1 day 2 hours' as span, true as flag, '{"a":[1,2]}'::jsonb as doc, 'x'::varchar(3) as label`,
      ),
    );
    const row = result.rows[0]!;
    expect(row).toMatchObject({
      price: '1.50',
      big: '9007199254740993',
      small: 42,
      n: 7,
      f: 2.5,
      day: '2024-02-29',
      at: '2024-02-29 13:14:15.123456',
      span: '1 day 02:00:00',
      flag: true,
      doc: { a: [1, 2] },
      label: 'x',
    });
    expect(row.at_tz).toMatch(/^2024-02-29 \d\d:14:15/);
    expect(result.fields.map((f) => f.typeName)).toEqual([
      'numeric',
      'bigint',
      'bigint',
      'integer',
      'double precision',
      'date',
      'timestamp without time zone',
      'timestamp with time zone',
      'interval',
      'boolean',
      'jsonb',
      'character varying',
    ]);
    expect(result.command).toBe('SELECT');
    expect(result.rowCount).toBe(1);
  });

  it('names types it does not know by asking the database (enums, domains)', async () => {
    const schema = await freshSchema();
    const result = await adapter.withConnection(async (c) => {
      await c.query(`create type "${schema}".mood as enum ('happy', 'sad')`);
      return c.query(`select 'happy'::"${schema}".mood as m`);
    });
    expect(result.rows).toEqual([{ m: 'happy' }]);
    expect(result.fields[0]!.typeName).toBe(`${schema}.mood`);
  });

  it('runs a script of several statements and returns the last result with its command tag', async () => {
    const schema = await freshSchema();
    const result = await adapter.withConnection((c) =>
      c.query(`create table "${schema}".t (id int); insert into "${schema}".t values (1), (2), (3)`),
    );
    expect(result.command).toBe('INSERT');
    expect(result.rowCount).toBe(3);
    const ddl = await adapter.withConnection((c) => c.query(`create table "${schema}".u (id int)`));
    expect(ddl).toMatchObject({ command: 'CREATE', rowCount: null });
  });

  it('rolls a transaction back when its callback throws, and keeps a savepoint failure local', async () => {
    const schema = await freshSchema();
    await adapter.withConnection((c) => c.query(`create table "${schema}".t (id int)`));
    await expect(
      adapter.withConnection((c) =>
        c.transaction(async (tx) => {
          await tx.query(`insert into "${schema}".t values (1)`);
          throw new Error('changed my mind');
        }),
      ),
    ).rejects.toThrow('changed my mind');
    await adapter.withConnection((c) =>
      c.transaction(async (tx) => {
        await tx.query(`insert into "${schema}".t values (2)`);
        await expect(tx.transaction((inner) => inner.query(`insert into "${schema}".t values ('not a number')`))).rejects.toBeInstanceOf(DatabaseError);
        await tx.query(`insert into "${schema}".t values (3)`);
      }),
    );
    const rows = await adapter.withConnection((c) => c.query(`select id from "${schema}".t order by id`));
    expect(rows.rows).toEqual([{ id: 2 }, { id: 3 }]);
  });

  it('refuses to commit a transaction in which an error was caught and ignored', async () => {
    const schema = await freshSchema();
    await adapter.withConnection((c) => c.query(`create table "${schema}".t (id int)`));
    const attempt = adapter.withConnection((c) =>
      c.transaction(async (tx) => {
        await tx.query(`insert into "${schema}".t values (1)`);
        await tx.query('select 1 / 0').catch(() => undefined);
      }),
    );
    await expect(attempt).rejects.toMatchObject({ sqlstate: '25P02' });
    expect((await adapter.withConnection((c) => c.query(`select count(*)::int as n from "${schema}".t`))).rows).toEqual([{ n: 0 }]);
  });

  it('reports a failed statement as a DatabaseError with SQLSTATE, position and the SQL', async () => {
    const sql = 'select id from no_such_table_anywhere';
    const error = await adapter.withConnection((c) => c.query(sql)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect(error).toMatchObject({ sqlstate: '42P01', code: '42P01', position: 16, sql, exitCode: ExitCode.nodeFailed });
    expect((error as Error).message).toContain('no_such_table_anywhere');
  });

  it('loads CSV with COPY, from text and from a stream of chunks', async () => {
    const schema = await freshSchema();
    const table = makeRelation(adapter.database, schema, 'people');
    await adapter.withConnection((c) => c.query(`create table ${table.render()} (id int, name text)`));
    const loaded = await adapter.withConnection((c) => c.copyRowsFrom(table, ['id', 'name'], 'id,name\n1,"Ann, Jr."\n2,\n'));
    expect(loaded).toBe(2);
    async function* chunks() {
      yield '3,Bo';
      yield 'b\n4,Cy\n';
    }
    expect(await adapter.withConnection((c) => c.copyRowsFrom(table, ['id', 'name'], chunks(), { header: false }))).toBe(2);
    const rows = await adapter.withConnection((c) => c.query(`select id, name from ${table.render()} order by id`));
    expect(rows.rows).toEqual([
      { id: 1, name: 'Ann, Jr.' },
      { id: 2, name: null },
      { id: 3, name: 'Bob' },
      { id: 4, name: 'Cy' },
    ]);
  });

  it('lets nested withConnection calls reuse the connection already held (they see its open transaction)', async () => {
    const schema = await freshSchema();
    const seen = await adapter.withConnection((outer) =>
      outer.transaction(async (tx) => {
        await tx.query(`create table "${schema}".pending (id int)`);
        return adapter.withConnection((inner) => inner.query(`select count(*)::int as n from "${schema}".pending`));
      }),
    );
    expect(seen.rows).toEqual([{ n: 0 }]);
  });

  it('stops work that started before cancel() at its next statement', async () => {
    const error = await adapter
      .withConnection(async (c) => {
        await c.query('select 1');
        await adapter.cancel();
        return c.query('select 2');
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ sqlstate: '57014' });
    expect((await adapter.withConnection((c) => c.query('select 3 as n'))).rows).toEqual([{ n: 3 }]);
  });

  it('reports the server version as PostgreSQL prints it', async () => {
    expect(await adapter.serverVersion()).toMatch(kind === 'pglite' ? /^18\.\d+$/ : /^\d+\.\d+$/);
  });

  it('tells how deeply views nest below a relation, for the PGlite view-depth guard', async () => {
    const schema = await freshSchema();
    await adapter.withConnection(async (c) => {
      await c.query(`create table "${schema}".base (id int)`);
      await c.query(`create view "${schema}".v1 as select id from "${schema}".base`);
      await c.query(`create view "${schema}".v2 as select id from "${schema}".v1`);
      await c.query(`create view "${schema}".side as select 1 as id`);
      await c.query(`create view "${schema}".v3 as select v2.id from "${schema}".v2 join "${schema}".side using (id)`);
    });
    const depth = (name: string) => adapter.catalog.viewNestingDepth(makeRelation(adapter.database, schema, name));
    expect(await depth('base')).toBe(0);
    expect(await depth('v1')).toBe(1);
    expect(await depth('side')).toBe(1);
    expect(await depth('v3')).toBe(3);
  });
});
