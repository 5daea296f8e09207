import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../adapters/adapter.js';
import { openAdapter } from '../adapters/open-adapter.js';
import { pgliteTestTarget, testTarget, testTargetKinds } from '../adapters/testing/test-targets.js';
import type { TargetConfig } from '../config/target.js';
import { ExitCode } from '../errors/strata-error.js';
import { PGLITE_LOCK_FILE } from '../adapters/pglite-directory-lock.js';
import { acquireRunLock, LockHeldError } from './run-lock.js';

describe.each(testTargetKinds)('run lock on %s', (kind) => {
  let target: TargetConfig;
  let projectDir: string;
  const adapters: Adapter[] = [];
  /** Each run has an adapter of its own, as each CLI process does (PGlite's opens the database only when used). */
  const openRun = async () => {
    const adapter = await openAdapter(target, { projectDir, applicationName: 'strata run' });
    adapters.push(adapter);
    return adapter;
  };
  const lock = async (options: { lockTimeoutSeconds?: number; applicationName?: string } = {}, on: TargetConfig = target, adapter?: Adapter) =>
    acquireRunLock(adapter ?? (await openRun()), on, { projectDir, applicationName: 'strata run', ...options });

  beforeAll(() => {
    // A schema name of its own, so parallel test files locking the server's default target do not collide.
    ({ target, projectDir } = testTarget(kind, { schema: `lock_test_${process.pid}`, threads: 1 }));
  });
  afterAll(async () => {
    for (const adapter of adapters) await adapter.close();
  });

  it('refuses a second run at once, naming the holder; the lock is free again after release', async () => {
    const first = await lock({ applicationName: 'strata build' });
    try {
      const error = await lock().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LockHeldError);
      const held = error as LockHeldError;
      expect(held.exitCode).toBe(ExitCode.lockHeld);
      expect(held.message).toMatch(/^another run holds the run lock of .+: "strata build", pid \d+, .*since \d{4}-\d\d-\d\d/);
      expect(held.holder?.applicationName).toBe('strata build');
      if (kind === 'pglite') expect(held.holder?.pid).toBe(process.pid);
      expect(held.hint).toContain('--lock-timeout');
    } finally {
      await first.release();
    }
    const second = await lock();
    await second.release();
    await second.release(); // twice is harmless
  });

  it('two runs started together: exactly one gets the lock', async () => {
    const outcomes = await Promise.allSettled([lock(), lock()]);
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(LockHeldError);
    await (won[0] as PromiseFulfilledResult<{ release(): Promise<void> }>).value.release();
  });

  it('waits up to the lock timeout for the holder to finish', async () => {
    const first = await lock();
    setTimeout(() => void first.release(), 300);
    const started = Date.now();
    const second = await lock({ lockTimeoutSeconds: 5 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    await second.release();
  });

  it('gives up after the lock timeout when the holder keeps it', async () => {
    const first = await lock();
    try {
      const started = Date.now();
      const error = await lock({ lockTimeoutSeconds: 0.5 }).catch((e: unknown) => e);
      expect(Date.now() - started).toBeGreaterThanOrEqual(450);
      expect((error as LockHeldError).message).toContain('(waited 0.5s)');
    } finally {
      await first.release();
    }
  });

  it('does not hold up the work of a run with one thread, and is per target schema', async () => {
    const adapter = await openRun();
    const held = await lock({}, target, adapter);
    try {
      // threads: 1 and the lock held: work still gets its connection.
      expect((await adapter.withConnection((c) => c.query('select 1 as n'))).rows).toEqual([{ n: 1 }]);
      if (kind === 'postgres') {
        const other = await lock({}, { ...target, schema: `${target.schema}_other` });
        await other.release();
      }
    } finally {
      await held.release();
    }
  });
});

describe.runIf(process.env.STRATA_TEST_PG_URL)('run lock on the server', () => {
  it('is held by a session of its own, whose pid the second run is told', async () => {
    const { target, projectDir } = testTarget('postgres', { schema: `lock_pid_${process.pid}`, threads: 1 });
    const adapter = await openAdapter(target, { projectDir, applicationName: 'strata seed' });
    try {
      const first = await acquireRunLock(adapter, target, { applicationName: 'strata seed' });
      try {
        const workPid = (await adapter.withConnection((c) => c.query<{ pid: number }>('select pg_backend_pid() as pid'))).rows[0]!.pid;
        const error = (await acquireRunLock(adapter, target).catch((e: unknown) => e)) as LockHeldError;
        expect(error.holder?.pid).toEqual(expect.any(Number));
        expect(error.holder?.pid).not.toBe(workPid);
        expect(error.holder?.applicationName).toBe('strata seed');
        expect(error.hint).toContain(`pg_terminate_backend(${error.holder!.pid})`);
      } finally {
        await first.release();
      }
    } finally {
      await adapter.close();
    }
  });
});

const pgliteLockFile = (target: { path: string }, projectDir: string) => path.join(projectDir, target.path, PGLITE_LOCK_FILE);

describe('run lock file of PGlite', () => {
  it('is kept by another live process and taken over once that process is gone', async () => {
    const { target, projectDir } = pgliteTestTarget();
    const adapter = await openAdapter(target, { projectDir });
    const file = pgliteLockFile(target, projectDir);
    mkdirSync(path.dirname(file), { recursive: true });
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      writeFileSync(
        file,
        JSON.stringify({ pid: other.pid, host: hostname(), processStartedAt: new Date().toISOString(), lockedAt: new Date().toISOString(), applicationName: 'strata run', token: 'other' }),
      );
      const error = (await acquireRunLock(adapter, target, { projectDir }).catch((e: unknown) => e)) as LockHeldError;
      expect(error).toBeInstanceOf(LockHeldError);
      expect(error.holder?.pid).toBe(other.pid);
      expect(error.hint).toContain(file);
    } finally {
      other.kill();
      await once(other, 'exit');
    }
    const taken = await acquireRunLock(adapter, target, { projectDir });
    expect(existsSync(file)).toBe(true);
    await taken.release();
    expect(existsSync(file)).toBe(false);
  });

  it('is taken by merely opening the database, so no second process can open it unlocked', async () => {
    const { target, projectDir } = pgliteTestTarget();
    const first = await openAdapter(target, { projectDir, applicationName: 'strata docs' });
    await first.withConnection((c) => c.query('create table t as select 1 as n'));
    const second = await openAdapter(target, { projectDir });
    try {
      const error = (await second.withConnection((c) => c.query('select 1')).catch((e: unknown) => e)) as LockHeldError;
      expect(error).toBeInstanceOf(LockHeldError);
      expect(error.holder?.applicationName).toBe('strata docs');
      // The run lock of the process that already has the database open is its own lock: no wait, no error.
      const own = await acquireRunLock(first, target, { projectDir });
      await own.release();
      expect((await second.withConnection((c) => c.query('select n from t'))).rows).toEqual([{ n: 1 }]);
    } finally {
      await first.close();
      await second.close();
    }
    expect(existsSync(pgliteLockFile(target, projectDir))).toBe(false);
  });

  it('is taken before the database is opened, in the data directory', async () => {
    const { target, projectDir } = pgliteTestTarget({ path: 'nested/db' });
    const adapter = await openAdapter(target, { projectDir });
    const taken = await acquireRunLock(adapter, target, { projectDir });
    expect(pgliteLockFile(target, projectDir)).toBe(path.join(projectDir, 'nested/db/strata-run.lock'));
    expect(existsSync(path.join(projectDir, 'nested/db/PG_VERSION'))).toBe(false);
    // PGlite still initialises the directory that already holds the lock file.
    expect((await adapter.withConnection((c) => c.query('create table kept as select 1 as n'))).command).toBe('SELECT');
    await taken.release();
    // Releasing closed the database first, so the next process finds everything written.
    await expect(adapter.withConnection((c) => c.query('select 1'))).rejects.toThrow('the adapter is closed');
    const next = await openAdapter(target, { projectDir });
    expect((await next.withConnection((c) => c.query('select n from kept'))).rows).toEqual([{ n: 1 }]);
    await next.close();
  });
});
