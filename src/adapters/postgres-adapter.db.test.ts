import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { ConnectionError, ExitCode } from '../errors/strata-error.js';
import { checkConnection } from './check-connection.js';
import { openAdapter } from './open-adapter.js';
import { serverTestTarget, uniqueSchemaName } from './testing/test-targets.js';

const projectDir = process.cwd();

// Server-only behaviour: pooling, session settings, TLS negotiation, connection failures.
describe.runIf(process.env.STRATA_TEST_PG_URL)('PostgreSQL server adapter', () => {
  it('checkConnection names the server version, database and user', async () => {
    const target = serverTestTarget();
    const check = await checkConnection(target, { projectDir });
    expect(check).toEqual({ serverVersion: expect.stringMatching(/^\d+\.\d+$/), database: target.database, user: target.user });
  });

  it('an unreachable server is a ConnectionError (exit 3) naming host:port and what to check', async () => {
    const target = serverTestTarget({ port: 1, retries: 0 });
    const error = await checkConnection(target, { projectDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ exitCode: ExitCode.databaseUnreachable });
    expect((error as ConnectionError).message).toBe(`could not reach PostgreSQL at ${target.host}:1: connection refused`);
    expect((error as ConnectionError).hint).toContain('host and port in profiles.yml');
  });

  it('a refused login is a ConnectionError naming the user and endpoint, without the password', async () => {
    const password = 'hunter2-very-secret';
    const target = serverTestTarget({ user: 'strata_no_such_user', password, retries: 0 });
    const error = await checkConnection(target, { projectDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    const text = `${(error as ConnectionError).message} ${(error as ConnectionError).hint}`;
    expect(text).toContain(`could not log in to ${target.host}:${target.port} as strata_no_such_user`);
    expect(text).toContain('check the user and password in profiles.yml');
    expect(text).not.toContain(password);
  });

  it('a missing database is a ConnectionError saying how to create it', async () => {
    const target = serverTestTarget({ database: 'strata_no_such_database', retries: 0 });
    const error = await checkConnection(target, { projectDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).message).toContain('"strata_no_such_database" does not exist');
    expect((error as ConnectionError).message).toContain(`${target.host}:${target.port}`);
    expect((error as ConnectionError).hint).toBe('create it (createdb strata_no_such_database) or fix `database` in profiles.yml');
  });

  it('sslmode require against a server without TLS says to turn TLS off; prefer falls back to plain', async () => {
    const required = await checkConnection(serverTestTarget({ sslmode: 'require', retries: 0 }), { projectDir }).catch((e: unknown) => e);
    expect(required).toBeInstanceOf(ConnectionError);
    expect((required as ConnectionError).hint).toContain('sslmode: disable');
    const preferred = await checkConnection(serverTestTarget({ sslmode: 'prefer', retries: 0 }), { projectDir });
    expect(preferred.user).toBe(serverTestTarget().user);
  });

  it('sets search_path, role, statement_timeout and application_name on every session', async () => {
    const schema = uniqueSchemaName();
    const setupClient = new pg.Client({ connectionString: process.env.STRATA_TEST_PG_URL });
    await setupClient.connect();
    await setupClient.query(`create schema "${schema}"`);
    await setupClient.query(`do $$ begin create role strata_test_builder; exception when duplicate_object then null; end $$`);
    const adapter = await openAdapter(
      serverTestTarget({ search_path: `"${schema}", public`, role: 'strata_test_builder', statement_timeout: 200, threads: 2 }),
      { projectDir, applicationName: 'strata adapter-test' },
    );
    try {
      const [first, second] = await Promise.all([1, 2].map(() =>
        adapter.withConnection(async (c) => {
          const settings = await c.query<{ search_path: string; role: string; app: string; pid: number }>(
            `select current_setting('search_path') as search_path, current_user as role,
                    current_setting('application_name') as app, pg_backend_pid() as pid, pg_sleep(0.05)::text`,
          );
          return settings.rows[0]!;
        }),
      ));
      for (const settings of [first!, second!]) {
        expect(settings).toMatchObject({ search_path: `"${schema}", public`, role: 'strata_test_builder', app: 'strata adapter-test' });
      }
      // Two threads: the two units of work ran on two sessions.
      expect(first!.pid).not.toBe(second!.pid);
      const timedOut = await adapter.withConnection((c) => c.query('select pg_sleep(2)')).catch((e: unknown) => e);
      expect(timedOut).toMatchObject({ sqlstate: '57014', message: 'canceling statement due to statement timeout' });
    } finally {
      await adapter.close();
      await setupClient.query(`drop schema "${schema}" cascade`);
      await setupClient.end();
    }
  });

  it('with threads: 1 a second unit of work waits for the first instead of failing', async () => {
    const adapter = await openAdapter(serverTestTarget({ threads: 1, connect_timeout: 1 }), { projectDir });
    try {
      const order: string[] = [];
      await Promise.all([
        adapter.withConnection(async (c) => {
          await c.query('select pg_sleep(1.3)');
          order.push('slow');
        }),
        adapter.withConnection(async (c) => {
          await c.query('select 1');
          order.push('quick');
        }),
      ]);
      expect(order).toEqual(['slow', 'quick']);
    } finally {
      await adapter.close();
    }
  });

  it('retries on a fresh connection when the server ends the session between statements', async () => {
    const adapter = await openAdapter(serverTestTarget({ threads: 1, retries: 2, retry_backoff: 0.01 }), { projectDir });
    const admin = new pg.Client({ connectionString: process.env.STRATA_TEST_PG_URL });
    await admin.connect();
    try {
      const pids = await adapter.withConnection(async (c) => {
        const before = (await c.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
        await admin.query('select pg_terminate_backend($1)', [before]);
        const after = (await c.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
        return { before, after };
      });
      expect(pids.after).not.toBe(pids.before);
    } finally {
      await admin.end();
      await adapter.close();
    }
  });

  it('cancel() stops a statement running on the server', async () => {
    const adapter = await openAdapter(serverTestTarget(), { projectDir });
    try {
      const running = adapter.withConnection((c) => c.query('select pg_sleep(30)')).catch((e: unknown) => e);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const started = Date.now();
      await adapter.cancel();
      expect(await running).toMatchObject({ sqlstate: '57014' });
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await adapter.close();
    }
  });
});
