import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAdapter } from '../adapters/open-adapter.js';
import { testTarget, testTargetKinds, uniqueSchemaName } from '../adapters/testing/test-targets.js';
import type { TargetConfig } from '../config/target.js';
import { sourceFreshness } from '../api/source-freshness.js';
import { CollectingReporter } from '../report/events.js';
import { checkFreshness } from './check-freshness.js';
import { criteriaFromConfig } from './criteria.js';

const HOUR = 3600;

/** Source tables loaded at times relative to the database's clock, so the statuses do not depend on when the test runs. */
const SOURCE_TABLES = (schema: string) => `
create schema if not exists "${schema}";
create table "${schema}".orders as select 1 as id, now() - interval '2 hours' as loaded_at union all select 2, now() - interval '3 hours';
-- timestamp without time zone, written in UTC as loaders usually do
create table "${schema}".customers as select 1 as id, (now() at time zone 'UTC') - interval '10 minutes' as loaded_at;
-- the newest row is a heartbeat the filter leaves out; the newest real row is 3 days old
create table "${schema}".events as select 'real' as kind, now() - interval '3 days' as loaded_at union all select 'heartbeat', now();
create table "${schema}".empty_loads (loaded_at timestamptz);
create table "${schema}".daily_files as select current_date - 1 as loaded_at;
create table "${schema}".countries as select 'NO' as code;
`;

const SOURCES_YML = `version: 2
sources:
  - name: raw
    schema: "{{ target.schema }}"
    loaded_at_field: loaded_at
    freshness:
      warn_after: {count: 1, period: hour}
      error_after: {count: 1, period: day}
    tables:
      - name: orders
      - name: customers
      - name: events
        freshness:
          warn_after: {count: 1, period: hour}
          error_after: {count: 2, period: day}
          filter: "kind <> 'heartbeat'"
      - name: empty_loads
      - name: daily_files
      - name: not_loaded_yet
  - name: reference
    schema: "{{ target.schema }}"
    tables:
      - name: countries
`;

describe.each(testTargetKinds)('strata source freshness (API) on %s', (kind) => {
  let projectDir: string;
  let target: TargetConfig;
  let schema: string;

  beforeAll(async () => {
    ({ target, projectDir } = testTarget(kind));
    // The server builds in a schema of its own; PGlite uses the built-in target's `public` in a fresh directory.
    schema = kind === 'postgres' ? uniqueSchemaName('strata_freshness') : 'public';
    target = { ...target, schema };
    if (kind === 'postgres') {
      projectDir = await mkdtemp(path.join(tmpdir(), 'strata-freshness-'));
      await writeFile(path.join(projectDir, 'profiles.yml'), serverProfile(target));
    }
    await writeFile(path.join(projectDir, 'project.yml'), 'name: shop\nprofile: shop\n');
    await mkdir(path.join(projectDir, 'models'), { recursive: true });
    await writeFile(path.join(projectDir, 'models', 'sources.yml'), SOURCES_YML);
    const adapter = await openAdapter(target, { projectDir });
    try {
      await adapter.withConnection((c) => c.query(SOURCE_TABLES(schema)));
    } finally {
      await adapter.close();
    }
  });

  afterAll(async () => {
    if (kind !== 'postgres' || !target) return;
    const adapter = await openAdapter(target, { projectDir });
    await adapter.withConnection((c) => c.query(`drop schema if exists "${schema}" cascade`));
    await adapter.close();
    await rm(projectDir, { recursive: true, force: true });
  });

  it('judges every source table with criteria, writes sources.json in dbt shape, and exits 1 on an error', async () => {
    const reporter = new CollectingReporter();
    const outcome = await sourceFreshness({ projectDir, reporter });

    const statuses = Object.fromEntries(outcome.results.map((r) => [r.unique_id, r.status]));
    expect(statuses).toEqual({
      'source.shop.raw.customers': 'pass',
      'source.shop.raw.orders': 'warn',
      'source.shop.raw.events': 'error',
      'source.shop.raw.empty_loads': 'runtime error',
      'source.shop.raw.daily_files': 'runtime error',
      'source.shop.raw.not_loaded_yet': 'runtime error',
    });
    expect(outcome.exitCode).toBe(1);

    const written = JSON.parse(await readFile(path.join(projectDir, 'target', 'sources.json'), 'utf8'));
    expect(written.metadata).toMatchObject({ dbt_schema_version: 'https://schemas.getdbt.com/dbt/sources/v3.json', env: {} });
    expect(written.elapsed_time).toBeGreaterThan(0);
    const byId = new Map<string, Record<string, any>>(written.results.map((r: Record<string, any>) => [r.unique_id, r]));

    const orders = byId.get('source.shop.raw.orders')!;
    expect(Object.keys(orders).sort()).toEqual(
      ['adapter_response', 'criteria', 'execution_time', 'max_loaded_at', 'max_loaded_at_time_ago_in_s', 'snapshotted_at', 'status', 'thread_id', 'timing', 'unique_id'].sort(),
    );
    expect(orders.max_loaded_at_time_ago_in_s).toBeGreaterThan(2 * HOUR - 1);
    expect(orders.max_loaded_at_time_ago_in_s).toBeLessThan(2 * HOUR + 300);
    expect(Date.parse(orders.snapshotted_at) - Date.parse(orders.max_loaded_at)).toBeCloseTo(orders.max_loaded_at_time_ago_in_s * 1000, -1);
    expect(orders.max_loaded_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/);
    expect(orders.criteria).toEqual({ warn_after: { count: 1, period: 'hour' }, error_after: { count: 1, period: 'day' }, filter: null });
    expect(orders.adapter_response).toEqual({ _message: 'SELECT 1', code: 'SELECT', rows_affected: 1 });
    expect(orders.thread_id).toMatch(/^Thread-\d+$/);
    expect(orders.timing[0]).toMatchObject({ name: 'execute' });

    // A naive timestamp written in UTC ten minutes ago is ten minutes old, not shifted by a time zone.
    const customers = byId.get('source.shop.raw.customers')!;
    expect(customers.max_loaded_at_time_ago_in_s).toBeGreaterThan(10 * 60 - 1);
    expect(customers.max_loaded_at_time_ago_in_s).toBeLessThan(10 * 60 + 300);

    // The filter leaves the fresh heartbeat out: the newest real row is three days old.
    const events = byId.get('source.shop.raw.events')!;
    expect(events.max_loaded_at_time_ago_in_s).toBeGreaterThan(3 * 24 * HOUR - 1);
    expect(events.criteria.filter).toBe("kind <> 'heartbeat'");

    expect(byId.get('source.shop.raw.empty_loads')).toEqual({
      unique_id: 'source.shop.raw.empty_loads',
      status: 'runtime error',
      error: `Expected a non-null value when querying field 'loaded_at' of table "${target.database}"."${schema}"."empty_loads" but received value 'null' instead`,
    });
    expect(byId.get('source.shop.raw.daily_files')!.error).toContain("received value of type 'date'");
    expect(byId.get('source.shop.raw.not_loaded_yet')!.error).toContain('does not exist');
    // A source without criteria is not checked at all.
    expect(byId.has('source.shop.reference.countries')).toBe(false);

    // What the console shows: one line per source, the age and the threshold passed.
    const finished = reporter.events.flatMap((e) => (e.kind === 'node_finished' ? [e] : []));
    expect(finished.map((e) => e.node.display).sort()).toEqual(['raw.customers', 'raw.daily_files', 'raw.empty_loads', 'raw.events', 'raw.not_loaded_yet', 'raw.orders']);
    const ordersLine = finished.find((e) => e.node.display === 'raw.orders')!;
    expect(ordersLine.result).toMatchObject({ status: 'warn', message: expect.stringMatching(/^max_loaded_at 2 hours( \d+ minutes?)? ago \(warn after 1 hour\)$/) });
    expect(finished.find((e) => e.node.display === 'raw.not_loaded_yet')!.result.status).toBe('error');
  });

  it('checks only the selected sources, writes --output, and exits 0 on a warning', async () => {
    const output = path.join(projectDir, 'elsewhere', 'freshness.json');
    const outcome = await sourceFreshness({ projectDir, reporter: new CollectingReporter(), select: ['source:raw.orders'], output });
    expect(outcome.results.map((r) => [r.unique_id, r.status])).toEqual([['source.shop.raw.orders', 'warn']]);
    expect(outcome.exitCode).toBe(0);
    const written = JSON.parse(await readFile(output, 'utf8'));
    expect(written.results.map((r: { unique_id: string }) => r.unique_id)).toEqual(['source.shop.raw.orders']);
  });

  it('warns and writes empty results when no selected source has criteria', async () => {
    const reporter = new CollectingReporter();
    const outcome = await sourceFreshness({ projectDir, reporter, select: ['source:reference'] });
    expect(outcome.results).toEqual([]);
    expect(outcome.exitCode).toBe(0);
    expect(reporter.events).toContainEqual(expect.objectContaining({ kind: 'warning', message: expect.stringContaining('No selected source has freshness criteria') }));
  });

  it("measures age the same whatever the session's time zone", async () => {
    const adapter = await openAdapter(target, { projectDir });
    try {
      const criteria = criteriaFromConfig({ warn_after: { count: 1, period: 'hour' } })!;
      const check = (table: string) => ({ unique_id: table, display: table, relation_name: `"${schema}"."${table}"`, loaded_at_field: 'loaded_at', criteria });
      const [naive, zoned] = await adapter.withConnection((c) =>
        c.transaction(async (t) => {
          await t.query("set local time zone 'Asia/Kathmandu'"); // +05:45
          return [await checkFreshness(t, check('customers')), await checkFreshness(t, check('orders'))];
        }),
      );
      expect(naive).toMatchObject({ kind: 'checked', status: 'pass' });
      expect(zoned).toMatchObject({ kind: 'checked', status: 'warn' });
      if (naive!.kind !== 'checked' || zoned!.kind !== 'checked') throw new Error('unreachable');
      expect(naive!.ageSeconds).toBeGreaterThan(10 * 60 - 1);
      expect(naive!.ageSeconds).toBeLessThan(10 * 60 + 300);
      expect(zoned!.ageSeconds).toBeGreaterThan(2 * HOUR - 1);
      expect(zoned!.ageSeconds).toBeLessThan(2 * HOUR + 300);
    } finally {
      await adapter.close();
    }
  });
});

/** profiles.yml for the project's `shop` profile, pointing at the test server in the test's own schema. */
function serverProfile(target: TargetConfig): string {
  if (target.type !== 'postgres') throw new Error('a server target is needed');
  return `shop:
  target: server
  outputs:
    server:
      type: postgres
      host: ${target.host}
      port: ${target.port}
      user: ${target.user}
      ${target.password ? `password: ${JSON.stringify(target.password)}\n      ` : ''}dbname: ${target.database}
      schema: ${target.schema}
      threads: 4
      sslmode: disable
`;
}
