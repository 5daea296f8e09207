import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectFrom, removeDir, repoRoot } from './cli-harness.js';
import { databaseKinds, prepareDatabase } from './database-under-test.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

/** Starts `strata run`, sends `signal` once the slow model is running, and resolves with the exit code and output. */
function runAndInterrupt(dir: string, signal: NodeJS.Signals): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'strata.js'), 'run', '--no-progress'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: path.join(dir, '.home'), NO_COLOR: '1' },
    });
    let output = '';
    let sent = false;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!sent && output.includes('Running')) {
        sent = true;
        setTimeout(() => child.kill(signal), 1500);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe.each(databaseKinds)('interrupting a run on %s', (kind) => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s stops the run without a half-built table (on a server by cancelling the statement) and exits %i', async (signal, exitCode) => {
    const dir = await projectFrom({
      'project.yml': 'name: shop\nprofile: shop\nmodels:\n  shop:\n    +materialized: table\n',
      'models/slow.sql': "select 1 as id from pg_sleep({{ var('sleep', 0) }})\n",
    });
    const db = await prepareDatabase(kind, dir, 'shop');
    cleanups.push(() => db.cleanup(), () => removeDir(dir));
    const { runCli } = await import('./cli-harness.js');
    expect((await runCli(['run'], dir)).code).toBe(0);

    await import('node:fs/promises').then(({ writeFile }) => writeFile(path.join(dir, 'models/slow.sql'), `select 2 as id from pg_sleep(${kind === 'postgres' ? 30 : 4})\n`));
    const started = Date.now();
    const { code, output } = await runAndInterrupt(dir, signal);
    expect(code, output).toBe(exitCode);
    // On the server the 30 s statement is cancelled, not waited for. PGlite runs a statement to its end
    // on the process's own thread (nothing can interrupt it), so there the run stops after that node.
    if (kind === 'postgres') expect(Date.now() - started).toBeLessThan(25_000);
    // The server rolls the cancelled build back: the previous table stays. PGlite finishes the node it
    // was running (in one transaction), so there the table is whole and new; never half-built either way.
    expect(await db.query(`select id from "${db.schema}".slow`)).toEqual([{ id: kind === 'postgres' ? 1 : 2 }]);
    if (kind === 'postgres') {
      const running = await db.query(`select count(*)::int as n from pg_stat_activity where query like '%pg_sleep(30)%' and pid <> pg_backend_pid()`);
      expect(running[0]!.n).toBe(0);
    }
  }, 300_000);
});
