import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectFrom, removeDir, runCli } from './cli-harness.js';
import { databaseKinds, prepareDatabase } from './database-under-test.js';

/** Each PGlite project starts a new data directory (initdb in WASM), seconds each on a busy machine. */
const TIMEOUT_MS = 300_000;
const HOUR = 3600;

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

/**
 * A loader's landing tables, stood in for by models built with loaded_at relative to the database's
 * clock, and declared as sources in the target schema as a real project declares its raw schema.
 */
const PROJECT = {
  'project.yml': 'name: shop\nprofile: shop\nmodels:\n  shop:\n    +materialized: table\n',
  'models/landing/orders_landing.sql': "select 1 as id, now() - interval '2 hours' as loaded_at\nunion all select 2, now() - interval '5 hours'\n",
  // timestamp without time zone, written in UTC: ten minutes old whatever the session's zone
  'models/landing/customers_landing.sql': "select 1 as id, (now() at time zone 'UTC') - interval '10 minutes' as _synced_at\n",
  // the newest row is a heartbeat the source's filter leaves out; the newest real event is three days old
  'models/landing/events_landing.sql': "select 'click' as kind, now() - interval '3 days' as loaded_at\nunion all select 'heartbeat', now()\n",
  'models/sources.yml': `version: 2
sources:
  - name: raw
    schema: "{{ target.schema }}"
    loaded_at_field: loaded_at
    freshness:
      warn_after: {count: 1, period: hour}
      error_after: {count: 1, period: day}
    tables:
      - name: orders
        identifier: orders_landing
      - name: customers
        identifier: customers_landing
        loaded_at_field: _synced_at
      - name: events
        identifier: events_landing
        freshness:
          warn_after: {count: 1, period: hour}
          error_after: {count: 2, period: day}
          filter: "kind <> 'heartbeat'"
  - name: reference
    schema: "{{ target.schema }}"
    tables:
      - name: countries
`,
};

describe.each(databaseKinds)('strata source freshness on %s', (kind) => {
  it('reports pass, warn and error per source, writes target/sources.json, and exits 1 on an error', async () => {
    const dir = await projectFrom(PROJECT);
    const db = await prepareDatabase(kind, dir, 'shop');
    cleanups.push(() => db.cleanup(), () => removeDir(dir));
    // One thread: models creating a fresh schema concurrently can collide in `create schema if not exists` (a known issue of run, not of freshness).
    const built = await runCli(['run', '--threads', '1'], dir);
    expect(built.code, built.stdout + built.stderr).toBe(0);

    const all = await runCli(['source', 'freshness'], dir);
    expect(all.code).toBe(1);
    expect(all.stdout).toMatch(/PASS freshness of raw\.customers/);
    expect(all.stdout).toMatch(/WARN freshness of raw\.orders/);
    expect(all.stdout).toMatch(/ERROR freshness of raw\.events .*max_loaded_at 3 days( \d+ hours?)? ago \(error after 2 days\)/);
    expect(all.stdout).not.toContain('raw.countries');
    expect(all.stdout).toMatch(/Done in .*PASS=1 WARN=1 ERROR=1/);

    const sources = JSON.parse(await readFile(path.join(dir, 'target', 'sources.json'), 'utf8'));
    expect(sources.metadata.dbt_schema_version).toBe('https://schemas.getdbt.com/dbt/sources/v3.json');
    const byId = new Map<string, Record<string, any>>(sources.results.map((r: Record<string, any>) => [r.unique_id, r]));
    expect([...byId.keys()].sort()).toEqual(['source.shop.raw.customers', 'source.shop.raw.events', 'source.shop.raw.orders']);
    expect(byId.get('source.shop.raw.customers')).toMatchObject({ status: 'pass' });
    expect(byId.get('source.shop.raw.orders')).toMatchObject({
      status: 'warn',
      criteria: { warn_after: { count: 1, period: 'hour' }, error_after: { count: 1, period: 'day' }, filter: null },
      adapter_response: { code: 'SELECT', rows_affected: 1 },
    });
    expect(byId.get('source.shop.raw.events')).toMatchObject({ status: 'error', criteria: { filter: "kind <> 'heartbeat'" } });
    const age = (id: string) => byId.get(id)!.max_loaded_at_time_ago_in_s as number;
    expect(age('source.shop.raw.customers')).toBeGreaterThan(10 * 60 - 1);
    expect(age('source.shop.raw.customers')).toBeLessThan(HOUR);
    expect(age('source.shop.raw.orders')).toBeGreaterThan(2 * HOUR - 1);
    expect(age('source.shop.raw.orders')).toBeLessThan(3 * HOUR);
    expect(age('source.shop.raw.events')).toBeGreaterThan(3 * 24 * HOUR - 1);
    const orders = byId.get('source.shop.raw.orders')!;
    expect((Date.parse(orders.snapshotted_at) - Date.parse(orders.max_loaded_at)) / 1000).toBeCloseTo(orders.max_loaded_at_time_ago_in_s, 0);
  }, TIMEOUT_MS);

  it('--select source:raw.orders checks that source only and exits 0 on its warning; --output writes elsewhere', async () => {
    const dir = await projectFrom(PROJECT);
    const db = await prepareDatabase(kind, dir, 'shop');
    cleanups.push(() => db.cleanup(), () => removeDir(dir));
    const built = await runCli(['run', '--select', 'orders_landing'], dir);
    expect(built.code, built.stdout + built.stderr).toBe(0);

    const selected = await runCli(['source', 'freshness', '--select', 'source:raw.orders', '--output', 'freshness/orders.json'], dir);
    expect(selected.code).toBe(0);
    expect(selected.stdout).toMatch(/WARN freshness of raw\.orders/);
    expect(selected.stdout).toMatch(/Done in .*WARN=1/);
    const written = JSON.parse(await readFile(path.join(dir, 'freshness', 'orders.json'), 'utf8'));
    expect(written.results.map((r: { unique_id: string; status: string }) => [r.unique_id, r.status])).toEqual([['source.shop.raw.orders', 'warn']]);

    // JSON log lines carry the age and the threshold for schedulers.
    const logged = await runCli(['source', 'freshness', '--select', 'source:raw.orders', '--log-format', 'json'], dir);
    expect(logged.code).toBe(0);
    const finished = logged.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line))
      .filter((record) => record.event === 'node_finished');
    expect(finished).toEqual([
      expect.objectContaining({ unique_id: 'source.shop.raw.orders', status: 'warn', message: expect.stringMatching(/^max_loaded_at 2 hours( \d+ minutes?)? ago \(warn after 1 hour\)$/) }),
    ]);
  }, TIMEOUT_MS);

  it("a source whose table is missing is a runtime error in sources.json, and the command exits 1", async () => {
    const dir = await projectFrom(PROJECT);
    const db = await prepareDatabase(kind, dir, 'shop');
    cleanups.push(() => db.cleanup(), () => removeDir(dir));
    // Nothing built: the landing tables do not exist yet.
    const result = await runCli(['source', 'freshness', '--select', 'source:raw.customers'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toContain('customers_landing" does not exist');
    const sources = JSON.parse(await readFile(path.join(dir, 'target', 'sources.json'), 'utf8'));
    expect(sources.results).toEqual([{ unique_id: 'source.shop.raw.customers', status: 'runtime error', error: expect.stringContaining('does not exist') }]);
  }, TIMEOUT_MS);
});
