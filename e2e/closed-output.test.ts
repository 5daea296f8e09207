import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectFrom, removeDir, repoRoot } from './cli-harness.js';
import { databaseKinds, prepareDatabase } from './database-under-test.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

/** Runs strata with its output read by a reader that goes away after the first chunk (`strata … | head -1`). */
function runWithReaderGone(args: readonly string[], cwd: string): Promise<{ code: number | null; stderr: string; firstChunk: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'strata.js'), ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: path.join(cwd, '.home'), NO_COLOR: '1' },
    });
    let stderr = '';
    let firstChunk = '';
    child.stdout.once('data', (chunk) => {
      firstChunk = String(chunk);
      child.stdout.destroy();
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr, firstChunk }));
  });
}

/** A project of `n` view models, enough output that `ls --output json` overflows a pipe. */
function manyModels(n: number): Record<string, string> {
  const files: Record<string, string> = { 'project.yml': 'name: wide\nprofile: wide\n' };
  for (let i = 0; i < n; i++) files[`models/model_${i}.sql`] = `select ${i} as id\n`;
  return files;
}

describe('a reader that goes away (strata … | head)', () => {
  it('ends ls without an error or a stack trace, exit 0', async () => {
    const dir = await projectFrom(manyModels(400));
    cleanups.push(() => removeDir(dir));
    const result = await runWithReaderGone(['ls', '--output', 'json'], dir);
    expect(result.firstChunk).toContain('"unique_id"');
    expect(result.stderr).not.toMatch(/EPIPE|node:events|\n\s+at /);
    expect(result.code).toBe(0);
  }, 120_000);

  describe.each(databaseKinds)('on %s', (kind) => {
    it('lets a run finish what it started, exit 0', async () => {
      const dir = await projectFrom(manyModels(30));
      const db = await prepareDatabase(kind, dir, 'wide');
      cleanups.push(() => db.cleanup(), () => removeDir(dir));
      const result = await runWithReaderGone(['run'], dir);
      expect(result.stderr).not.toMatch(/EPIPE|node:events/);
      expect(result.code).toBe(0);
      expect(await db.query(`select id from "${db.schema}".model_29`)).toEqual([{ id: 29 }]);
    }, 120_000);
  });
});
