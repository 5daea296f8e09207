import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkConnection } from './check-connection.js';
import { openAdapter } from './open-adapter.js';
import { pgliteTestTarget } from './testing/test-targets.js';

describe('PGlite adapter', () => {
  it('keeps its data in the target path under the project directory, across adapters', async () => {
    const { target, projectDir } = pgliteTestTarget({ path: 'data/db', database: 'analytics' });
    const first = await openAdapter(target, { projectDir });
    // Opening does not touch the directory: the run lock must be taken first.
    expect(existsSync(path.join(projectDir, 'data/db'))).toBe(false);
    expect(first.maxConnections).toBe(1);
    expect(first.database).toBe('analytics');
    await first.withConnection((c) => c.query('create table kept as select 7 as n'));
    await first.close();
    expect(existsSync(path.join(projectDir, 'data/db', 'PG_VERSION'))).toBe(true);

    const second = await openAdapter(target, { projectDir });
    try {
      expect((await second.withConnection((c) => c.query('select n from kept'))).rows).toEqual([{ n: 7 }]);
    } finally {
      await second.close();
    }
  });

  it('serialises units of work on its single connection', async () => {
    const { target, projectDir } = pgliteTestTarget();
    const adapter = await openAdapter(target, { projectDir });
    try {
      await adapter.withConnection((c) => c.query('create table log (step text, at serial)'));
      // Each unit writes, yields to the event loop, writes again: interleaving would mix the steps.
      await Promise.all(
        ['a', 'b'].map((name) =>
          adapter.withConnection(async (c) => {
            await c.query(`insert into log (step) values ('${name}1')`);
            await new Promise((resolve) => setTimeout(resolve, 20));
            await c.query(`insert into log (step) values ('${name}2')`);
          }),
        ),
      );
      const steps = (await adapter.withConnection((c) => c.query<{ step: string }>('select step from log order by at'))).rows.map((r) => r.step);
      expect(steps).toEqual(['a1', 'a2', 'b1', 'b2']);
    } finally {
      await adapter.close();
    }
  });

  it('checkConnection reports PGlite as PostgreSQL 18 with database postgres', async () => {
    const { target, projectDir } = pgliteTestTarget();
    expect(await checkConnection(target, { projectDir })).toEqual({ serverVersion: expect.stringMatching(/^18\./), database: 'postgres', user: 'postgres' });
  });
});
