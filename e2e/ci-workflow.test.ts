import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectFrom, removeDir, runCli } from './cli-harness.js';
import { databaseKinds, prepareDatabase, type DatabaseKind, type ProjectDatabase } from './database-under-test.js';

const TIMEOUT_MS = 300_000;
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

const files = {
  'project.yml': 'name: shop\nprofile: shop\nmodels:\n  shop:\n    +materialized: table\n',
  'models/orders.sql': 'select 1 as order_id, 10 as amount union all select 2, 20\n',
  'models/customers.sql': 'select 1 as customer_id\n',
  'models/order_totals.sql': "select sum(amount) as total from {{ ref('orders') }}\n",
  'models/schema.yml': 'version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: order_id\n        data_tests: [unique, not_null]\n',
};

/** A profile with two targets in one database: `prod` (the project's schema) and `ci` (a scratch schema). */
async function twoTargets(kind: DatabaseKind, dir: string, db: ProjectDatabase): Promise<void> {
  const profile = await readFile(path.join(dir, 'profiles.yml'), 'utf8').catch(() => undefined);
  const prod =
    kind === 'pglite'
      ? `    prod:\n      type: pglite\n      path: .strata/pglite\n      schema: ${db.schema}\n`
      : profile!.split('\n').slice(3).join('\n').replace('server:', 'prod:');
  const ci = prod.replace('prod:', 'ci:').replace(`schema: ${db.schema}`, `schema: ${db.schema}_ci`);
  await writeFile(path.join(dir, 'profiles.yml'), `shop:\n  target: prod\n  outputs:\n${prod.trimEnd()}\n${ci.trimEnd()}\n`);
}

/** The project built on its `prod` target, with that run's target/ kept as prod-state/ (what CI fetches). */
async function productionBuilt(kind: DatabaseKind): Promise<{ dir: string; db: ProjectDatabase }> {
  const dir = await projectFrom(files);
  const db = await prepareDatabase(kind, dir, 'shop');
  cleanups.push(() => db.cleanup(), () => removeDir(dir));
  await twoTargets(kind, dir, db);
  expect((await runCli(['build'], dir)).code).toBe(0);
  await cp(path.join(dir, 'target'), path.join(dir, 'prod-state'), { recursive: true });
  return { dir, db };
}

describe.each(databaseKinds)('CI and scheduler workflow on %s', (kind) => {
  it('state:modified+ with --defer builds only the change and its children, reading the rest from production', async () => {
    const { dir, db } = await productionBuilt(kind);

    await writeFile(path.join(dir, 'models/order_totals.sql'), "select sum(amount) * 2 as total from {{ ref('orders') }}\n");
    const listed = await runCli(['ls', '--select', 'state:modified', '--state', 'prod-state', '--output', 'name'], dir);
    expect(listed.code).toBe(0);
    expect(listed.stdout.trim().split('\n')).toEqual(['order_totals']);

    const junit = path.join(dir, 'junit.xml');
    const ci = await runCli(['build', '--target', 'ci', '--select', 'state:modified+', '--defer', '--state', 'prod-state', '--junit-xml', junit], dir);
    expect(ci.code).toBe(0);
    expect(ci.stdout).toContain('1 node');
    const [row] = await db.query(`select total from "${db.schema}_ci".order_totals`);
    expect(Number(row!.total)).toBe(60); // read production's orders: (10 + 20) * 2
    const ciTables = await db.query(`select table_name from information_schema.tables where table_schema = '${db.schema}_ci' order by 1`);
    expect(ciTables.map((t) => t.table_name)).toEqual(['order_totals']);
    const xml = await readFile(junit, 'utf8');
    expect(xml).toMatch(/<testsuite[^>]*tests="1"/);
    expect(xml).toContain('name="order_totals"');
  }, TIMEOUT_MS);

  it('compile and show take --defer: unselected refs read production', async () => {
    const { dir, db } = await productionBuilt(kind);

    // compile asks no database: every unselected ref reads the state's relation.
    const compiled = await runCli(['compile', '--target', 'ci', '--select', 'order_totals', '--defer', '--state', 'prod-state'], dir);
    expect(compiled.code, compiled.stderr).toBe(0);
    expect(compiled.stdout).toContain(`"${db.schema}"."orders"`);
    // show runs on the CI target, which has no orders table: it reads production's.
    const shown = await runCli(['show', '--target', 'ci', '--select', 'order_totals', '--defer', '--state', 'prod-state', '--output', 'json'], dir);
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout).show.map((row: { total: unknown }) => Number(row.total))).toEqual([30]);
  }, TIMEOUT_MS);

  it('retry re-runs only what errored or was skipped, and annotates failures for GitHub', async () => {
    const dir = await projectFrom({ ...files, 'models/orders.sql': 'select 1 as order_id, 1 / 0 as amount\n' });
    const db = await prepareDatabase(kind, dir, 'shop');
    cleanups.push(() => db.cleanup(), () => removeDir(dir));

    const failed = await runCli(['run'], dir, { GITHUB_ACTIONS: 'true' });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/::error file=models\/orders\.sql,line=\d+/);
    const first = JSON.parse(await readFile(path.join(dir, 'target/run_results.json'), 'utf8')).results as { unique_id: string; status: string }[];
    expect(Object.fromEntries(first.map((r) => [r.unique_id, r.status]))).toEqual({
      'model.shop.customers': 'success',
      'model.shop.orders': 'error',
      'model.shop.order_totals': 'skipped',
    });

    await writeFile(path.join(dir, 'models/orders.sql'), files['models/orders.sql']);
    const retried = await runCli(['retry'], dir);
    expect(retried.code).toBe(0);
    const second = JSON.parse(await readFile(path.join(dir, 'target/run_results.json'), 'utf8')).results as { unique_id: string; status: string }[];
    expect(second.map((r) => r.unique_id).sort()).toEqual(['model.shop.order_totals', 'model.shop.orders']);
    const [row] = await db.query(`select total from "${db.schema}".order_totals`);
    expect(Number(row!.total)).toBe(30);

    const nothing = await runCli(['retry'], dir);
    expect(nothing.code).toBe(0);
    expect(nothing.stdout + nothing.stderr).toContain('Nothing to retry');
  }, TIMEOUT_MS);

  it('retry --state retries the run recorded in another directory', async () => {
    const dir = await projectFrom({ ...files, 'models/orders.sql': 'select 1 as order_id, 1 / 0 as amount\n' });
    const db = await prepareDatabase(kind, dir, 'shop');
    cleanups.push(() => db.cleanup(), () => removeDir(dir));
    expect((await runCli(['run'], dir)).code).toBe(1);
    await cp(path.join(dir, 'target'), path.join(dir, 'failed-run'), { recursive: true });
    expect((await runCli(['run', '--select', 'customers'], dir)).code).toBe(0); // target/ now holds a run that succeeded
    await writeFile(path.join(dir, 'models/orders.sql'), files['models/orders.sql']);
    const retried = await runCli(['retry', '--state', 'failed-run'], dir);
    expect(retried.code, retried.stdout + retried.stderr).toBe(0);
    expect(retried.stdout).toContain('2 nodes');
    const [row] = await db.query(`select total from "${db.schema}".order_totals`);
    expect(Number(row!.total)).toBe(30);
  }, TIMEOUT_MS);

  it('retry goes to the target and uses the vars of the run it retries', async () => {
    const dir = await projectFrom({ ...files, 'models/orders.sql': "select 1 as order_id, {{ var('factor') }} * 10 / 0 as amount\n" });
    const db = await prepareDatabase(kind, dir, 'shop');
    cleanups.push(() => db.cleanup(), () => removeDir(dir));
    await twoTargets(kind, dir, db);

    const failed = await runCli(['run', '--target', 'ci', '--vars', '{factor: 3}'], dir);
    expect(failed.code).toBe(1);
    await writeFile(path.join(dir, 'models/orders.sql'), "select 1 as order_id, {{ var('factor') }} * 10 as amount\n");
    const retried = await runCli(['retry'], dir);
    expect(retried.code, retried.stdout + retried.stderr).toBe(0);
    expect(retried.stdout).toContain('on target ci');
    expect(retried.stdout + retried.stderr).not.toContain('does not match any enabled nodes');
    const [row] = await db.query(`select total from "${db.schema}_ci".order_totals`);
    expect(Number(row!.total)).toBe(30);
    const prodTables = await db.query(`select table_name from information_schema.tables where table_schema = '${db.schema}'`);
    expect(prodTables).toEqual([]);
  }, TIMEOUT_MS);

  it('--log-format json prints one JSON object per line and nothing else', async () => {
    const dir = await projectFrom(files);
    const db = await prepareDatabase(kind, dir, 'shop');
    cleanups.push(() => db.cleanup(), () => removeDir(dir));
    const result = await runCli(['run', '--log-format', 'json', '--log-path', 'logs/strata.log'], dir);
    expect(result.code).toBe(0);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    const finished = events.filter((e) => e.event === 'node_finished');
    expect(finished.map((e) => e.unique_id).sort()).toEqual(['model.shop.customers', 'model.shop.order_totals', 'model.shop.orders']);
    expect(finished.every((e) => e.status === 'success' && typeof e.ts === 'string')).toBe(true);
    const logged = (await readFile(path.join(dir, 'logs/strata.log'), 'utf8')).trim().split('\n');
    expect(logged.length).toBe(events.length);

    // An error that stops the command before anything runs reaches stdout and the log file as JSON too.
    await writeFile(path.join(dir, 'models/broken.sql'), 'select {{ nosuch() }}\n');
    const broken = await runCli(['run', '--log-format', 'json', '--log-path', 'logs/strata.log'], dir);
    expect(broken.code).toBe(2);
    const errors = broken.stdout.trim().split('\n').map((line) => JSON.parse(line)).filter((e) => e.level === 'error');
    expect(errors).toEqual([expect.objectContaining({ event: 'error', message: "'nosuch' is undefined", file: 'models/broken.sql', line: 1, column: 11 })]);
    const loggedAfter = (await readFile(path.join(dir, 'logs/strata.log'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(loggedAfter[loggedAfter.length - 1]).toMatchObject({ level: 'error', file: 'models/broken.sql' });
  }, TIMEOUT_MS);
});
