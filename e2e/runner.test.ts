/**
 * The runner through the CLI: threads over a wide graph, --fail-fast, a transient failure (the
 * server ending the model's session) retried to success, the run lock between two runs, and
 * `strata debug`.
 */
import { existsSync } from 'node:fs';
import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectFrom, removeDir, runCli } from './cli-harness.js';
import { databaseKinds, prepareDatabase, type DatabaseKind, type ProjectDatabase } from './database-under-test.js';

const TIMEOUT_MS = 300_000;

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function newProject(kind: DatabaseKind, files: Record<string, string>): Promise<{ dir: string; db: ProjectDatabase }> {
  const dir = await projectFrom({ 'project.yml': 'name: runner\nprofile: runner\n', ...files });
  const db = await prepareDatabase(kind, dir, 'runner');
  cleanups.push(() => db.cleanup(), () => removeDir(dir));
  return { dir, db };
}

interface NodeResult {
  readonly unique_id: string;
  readonly status: string;
  readonly message: string | null;
  readonly thread_id: string;
  readonly timing: readonly { name: string; started_at: string; completed_at: string }[];
}

async function runResults(dir: string): Promise<NodeResult[]> {
  return JSON.parse(await readFile(path.join(dir, 'target/run_results.json'), 'utf8')).results as NodeResult[];
}

const nameOf = (r: NodeResult) => r.unique_id.split('.').pop()!;

/** The most nodes whose execute intervals overlap at one moment. */
function peakConcurrency(results: readonly NodeResult[]): number {
  const edges = results.flatMap((r) => {
    const t = r.timing.find((x) => x.name === 'execute')!;
    return [
      { at: Date.parse(t.started_at), delta: 1 },
      { at: Date.parse(t.completed_at), delta: -1 },
    ];
  });
  // Ends before starts at the same instant: touching intervals do not overlap.
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let running = 0;
  let peak = 0;
  for (const edge of edges) peak = Math.max(peak, (running += edge.delta));
  return peak;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns something truthy, failing after `seconds`. */
async function waitFor<T>(what: string, seconds: number, check: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/**
 * One project per database (a PGlite project costs an initdb): each test selects its own folder.
 * wide/: 40 independent views and 10 tables, each table over four of the views.
 * failfast/: a failing table with a child, and five independent tables.
 * lock/: a table that takes a few seconds.
 */
function runnerProject(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < 40; i++) files[`models/wide/v${String(i).padStart(2, '0')}.sql`] = `select ${i} as n\n`;
  for (let t = 0; t < 10; t++) {
    const refs = [0, 1, 2, 3].map((k) => `select n from {{ ref('v${String(t * 4 + k).padStart(2, '0')}') }}`);
    // The sleep makes the tables take long enough that workers visibly overlap.
    files[`models/wide/t${t}.sql`] = `{{ config(materialized='table') }}\nselect sum(n)::int as total, pg_sleep(0.3) is not null as slept from (\n${refs.join('\nunion all\n')}\n) s\n`;
  }
  // a_boom sorts first among the independent nodes, so with one thread it runs before the ok tables.
  files['models/failfast/a_boom.sql'] = "{{ config(materialized='table') }}\nselect 1 / 0 as x\n";
  files['models/failfast/a_boom_child.sql'] = "select * from {{ ref('a_boom') }}\n";
  for (let i = 0; i < 5; i++) files[`models/failfast/ok${i}.sql`] = `{{ config(materialized='table') }}\nselect ${i} as n\n`;
  files['models/lock/slow.sql'] = "{{ config(materialized='table') }}\nselect 1 as id, pg_sleep(6) is not null as slept /* strata-e2e-lock */\n";
  return files;
}

const executeTiming = (r: NodeResult) => r.timing.find((x) => x.name === 'execute')!;

describe.each(databaseKinds)('the runner on %s', (kind) => {
  let dir: string;
  let db: ProjectDatabase;
  beforeAll(async () => {
    ({ dir, db } = await newProject(kind, runnerProject()));
  }, TIMEOUT_MS);

  it('--threads 4 builds a wide graph of 40 views and 10 tables, in parallel on the server and one at a time on PGlite', async () => {
    const result = await runCli(['run', '--threads', '4', '--select', 'path:models/wide'], dir);
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    const threads = kind === 'postgres' ? 4 : 1;
    expect(result.stdout).toContain(`with ${threads} thread${threads === 1 ? '' : 's'}`);
    expect(result.stdout).toMatch(/Done in .*OK=50/);

    const totals = await db.query(
      `select ${Array.from({ length: 10 }, (_, t) => `(select total from "${db.schema}".t${t}) as t${t}`).join(', ')}`,
    );
    // Table t sums views 4t..4t+3: 16t + 6.
    expect(totals[0]).toEqual(Object.fromEntries(Array.from({ length: 10 }, (_, t) => [`t${t}`, 16 * t + 6])));

    const results = await runResults(dir);
    expect(results).toHaveLength(50);
    expect(results.every((r) => r.status === 'success')).toBe(true);
    expect(new Set(results.map((r) => r.thread_id)).size).toBe(threads);
    if (kind === 'postgres') expect(peakConcurrency(results)).toBeGreaterThanOrEqual(3);
    else expect(peakConcurrency(results)).toBe(1);
  }, TIMEOUT_MS);

  it('run_results names each worker by its own thread_id: no two nodes running at once share one', async () => {
    // Tools that chart a run per thread (as dbt's Thread-N) need a thread_id to mean one worker.
    const results = await runResults(dir);
    expect(results.map(nameOf)).toContain('t9'); // the wide graph's results, from the test above
    const clashes: string[] = [];
    for (const a of results) {
      for (const b of results) {
        if (a.unique_id >= b.unique_id || a.thread_id !== b.thread_id) continue;
        const [ta, tb] = [executeTiming(a), executeTiming(b)];
        if (Date.parse(ta.started_at) < Date.parse(tb.completed_at) && Date.parse(tb.started_at) < Date.parse(ta.completed_at)) {
          clashes.push(`${nameOf(a)} and ${nameOf(b)} on ${a.thread_id}`);
        }
      }
    }
    expect(clashes.slice(0, 5), `${clashes.length} pairs of overlapping nodes share a thread_id`).toEqual([]);
  });

  it('a failure skips only its descendants; --fail-fast stops the run, skipping the rest with the reason', async () => {
    const select = ['--select', 'path:models/failfast'];
    const goesOn = await runCli(['run', '--threads', '1', ...select], dir);
    expect(goesOn.code).toBe(1);
    const all = await runResults(dir);
    expect(Object.fromEntries(all.map((r) => [nameOf(r), r.status]))).toEqual({
      a_boom: 'error',
      a_boom_child: 'skipped',
      ok0: 'success',
      ok1: 'success',
      ok2: 'success',
      ok3: 'success',
      ok4: 'success',
    });
    expect(all.find((r) => nameOf(r) === 'a_boom_child')!.message).toMatch(/skipped because model\.runner\.a_boom errored/);
    await db.query(`drop table "${db.schema}".ok0, "${db.schema}".ok1, "${db.schema}".ok2, "${db.schema}".ok3, "${db.schema}".ok4`);

    const stopped = await runCli(['run', '--threads', '1', '--fail-fast', ...select], dir);
    expect(stopped.code).toBe(1);
    expect(stopped.stdout + stopped.stderr).toContain('division by zero');
    const results = await runResults(dir);
    expect(results).toHaveLength(7);
    const boom = results.find((r) => nameOf(r) === 'a_boom')!;
    expect(boom.status).toBe('error');
    const stoppedOk = results.filter((r) => nameOf(r).startsWith('ok') && r.status === 'skipped');
    expect(stoppedOk.length).toBeGreaterThan(0);
    expect(stoppedOk.every((r) => r.message === 'skipped: --fail-fast stopped the run after a failure')).toBe(true);
    // Nothing started after the failure: whatever succeeded had finished before a_boom did.
    const failedAt = Date.parse(executeTiming(boom).completed_at);
    const succeeded = results.filter((r) => r.status === 'success');
    expect(succeeded.every((r) => Date.parse(executeTiming(r).started_at) <= failedAt)).toBe(true);
    const built = await db.query(`select table_name from information_schema.tables where table_schema = '${db.schema}' and table_name like 'ok%'`);
    expect(built.map((r) => r.table_name).sort()).toEqual(succeeded.map(nameOf).sort());
  }, TIMEOUT_MS);

  it('a second run while one is running exits 4, naming the run that holds the lock', async () => {
    const select = ['--select', 'path:models/lock'];
    const first = runCli(['run', ...select], dir);
    let holderPid: number;
    if (kind === 'pglite') {
      // The run holds the data directory's lock file from the moment it opens the database.
      const lockFile = path.join(dir, '.strata', 'pglite', 'strata-run.lock');
      // The file may be read the instant it is created, before its content is written: not yet.
      holderPid = await waitFor('the first run to lock the data directory', 120, async () => {
        const text = existsSync(lockFile) ? await readFile(lockFile, 'utf8').catch(() => '') : '';
        try {
          return JSON.parse(text).pid as number;
        } catch {
          return undefined;
        }
      });
    } else {
      await waitFor('the first run to start its model', 60, async () => {
        const rows = await db.query(`select pid from pg_stat_activity where state = 'active' and query like '%strata-e2e-lock%' and application_name like 'strata%' and pid <> pg_backend_pid()`);
        return rows.length > 0;
      });
      // The lock is held on a session of its own, named after the command.
      const [holder] = await db.query(
        `select l.pid from pg_locks l join pg_stat_activity a using (pid) where l.locktype = 'advisory' and l.granted and a.application_name = 'strata run' and a.datname = current_database()`,
      );
      holderPid = holder!.pid as number;
    }

    const second = await runCli(['run', ...select], dir);
    const firstResult = await first;
    expect(second.code).toBe(4);
    const message = second.stdout + second.stderr;
    expect(message).toMatch(/another run holds the run lock/);
    expect(message).toContain('"strata run"');
    expect(message).toContain(`pid ${holderPid}`);
    expect(firstResult.code).toBe(0);
    expect(await db.query(`select id from "${db.schema}".slow`)).toEqual([{ id: 1 }]);

    // Once the first run has finished, the lock is free again.
    expect((await runCli(['run', ...select], dir)).code).toBe(0);
  }, TIMEOUT_MS);

  it('strata debug prints the server version and exits 0', async () => {
    const result = await runCli(['debug'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/server: +PostgreSQL \d+\.\d+/);
    expect(result.stdout).toContain('connection OK');
  }, TIMEOUT_MS);
});

describe('strata debug against an unreachable server', () => {
  it('exits 3 saying the server cannot be reached, at the host and port of the profile', async () => {
    const dir = await projectFrom({
      'project.yml': 'name: runner\nprofile: runner\n',
      'profiles.yml': `runner:
  target: nowhere
  outputs:
    nowhere:
      type: postgres
      host: 127.0.0.1
      port: 1
      user: postgres
      dbname: postgres
      schema: public
      connect_timeout: 5
      retries: 0
`,
    });
    cleanups.push(() => removeDir(dir));
    const result = await runCli(['debug'], dir);
    expect(result.code).toBe(3);
    const message = result.stdout + result.stderr;
    expect(message).toContain('127.0.0.1:1');
    expect(message).toMatch(/refused|cannot (be )?reach|unreachable/i);
    expect(message).not.toMatch(/^\s+at /m); // no stack trace for a user's mistake
  }, TIMEOUT_MS);
});

describe.skipIf(!process.env.STRATA_TEST_PG_URL)('a transient failure on the server', () => {
  it('a model whose session the server ends mid-statement (57P01) is retried and succeeds', async () => {
    const { dir, db } = await newProject('postgres', {
      'models/slow_table.sql': "{{ config(materialized='table') }}\nselect 1 as id, pg_sleep(3) is not null as slept /* strata-e2e-terminate */\n",
      'models/after_slow.sql': "select id from {{ ref('slow_table') }}\n",
    });
    await appendFile(path.join(dir, 'profiles.yml'), '      retries: 2\n      retry_backoff: 0.2\n');

    const run = runCli(['run'], dir);
    const killer = new pg.Client({ connectionString: process.env.STRATA_TEST_PG_URL });
    await killer.connect();
    try {
      const terminated = await waitFor('the model to be running', 60, async () => {
        const { rows } = await killer.query(
          `select pg_terminate_backend(pid) as ok from pg_stat_activity
            where application_name like 'strata%' and state = 'active' and query like '%strata-e2e-terminate%' and pid <> pg_backend_pid()`,
        );
        return rows.some((r) => r.ok === true);
      });
      expect(terminated).toBe(true);
    } finally {
      await killer.end();
    }

    const result = await run;
    expect(result.code).toBe(0);
    const results = await runResults(dir);
    expect(Object.fromEntries(results.map((r) => [nameOf(r), r.status]))).toEqual({ slow_table: 'success', after_slow: 'success' });
    expect(await db.query(`select id from "${db.schema}".after_slow`)).toEqual([{ id: 1 }]);
    // The interrupted attempt ran in a transaction the server rolled back: no intermediate relation is left.
    const relations = await db.query(`select table_name from information_schema.tables where table_schema = '${db.schema}' order by 1`);
    expect(relations.map((r) => r.table_name)).toEqual(['after_slow', 'slow_table']);
  }, TIMEOUT_MS);
});
