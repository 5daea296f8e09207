import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter, Connection } from '../adapters/adapter.js';
import { databaseStateFor } from '../adapters/database-state.js';
import { openAdapter } from '../adapters/open-adapter.js';
import { testTarget, testTargetKinds, uniqueSchemaName } from '../adapters/testing/test-targets.js';
import type { Manifest, TestNode } from '../parse/manifest.js';
import type { NodeResult } from './results.js';
import type { RunContext } from './run-context.js';
import { canBatchDataTest, runDataTestBatch } from './run-data-test-batch.js';

/** A data test as the parse makes one, compiled to `sql`. */
function testNode(name: string, sql: string, config: Record<string, unknown> = {}): TestNode {
  return {
    unique_id: `test.shop.${name}`,
    resource_type: 'test',
    name,
    package_name: 'shop',
    fqn: ['shop', name],
    description: '',
    tags: [],
    meta: {},
    config: { enabled: true, severity: 'ERROR', ...config },
    columns: {},
    database: 'postgres',
    schema: 'dbt_test__audit',
    alias: name,
    raw_code: sql,
    language: 'sql',
    checksum: { name: 'sha256', checksum: '' },
    depends_on: { nodes: [], macros: [] },
    refs: [],
    sources: [],
    compiled_code: sql,
    original_file_path: `tests/${name}.sql`,
    path: `${name}.sql`,
    needs_execute_render: false,
  } as unknown as TestNode;
}

describe.each(testTargetKinds)('data tests in batches on %s', (kind) => {
  let adapter: Adapter;
  const schema = uniqueSchemaName('strata_batch');
  /** The SQL texts sent through queryEach (one round trip each) since the last reset. */
  let roundTrips: string[] = [];
  /** The statements sent alone through query since the last reset. */
  let alone: string[] = [];
  let counted: Adapter;

  beforeAll(async () => {
    const { target, projectDir } = testTarget(kind);
    adapter = await openAdapter(target, { projectDir });
    // 10 orders: ids 1-10, amount null for ids 4 and 8, status 'lost' for id 10.
    await adapter.withConnection((c) =>
      c.query(
        `create schema "${schema}";
         create table "${schema}".orders as
         select g as id, case when g % 4 = 0 then null else g * 10 end as amount, case when g = 10 then 'lost' else 'placed' end as status
         from generate_series(1, 10) g`,
      ),
    );
    const countingConnection = (connection: Connection): Connection =>
      new Proxy(connection, {
        get(target, property, receiver) {
          if (property === 'queryEach') {
            return (sql: string) => {
              roundTrips.push(sql);
              return target.queryEach(sql);
            };
          }
          if (property === 'query') {
            return (sql: string, params?: readonly unknown[]) => {
              alone.push(sql);
              return target.query(sql, params);
            };
          }
          const value = Reflect.get(target, property, receiver) as unknown;
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    counted = Object.assign(Object.create(adapter) as Adapter, {
      withConnection: <T>(fn: (connection: Connection) => Promise<T>) => adapter.withConnection((c) => fn(countingConnection(c))),
    });
  });
  afterAll(async () => {
    if (!adapter) return;
    await adapter.withConnection((c) => c.query(`drop schema if exists "${schema}" cascade`));
    await adapter.close();
  });

  const contextFor = (nodes: TestNode[], storeFailures = false): RunContext =>
    ({
      manifest: { nodes: Object.fromEntries(nodes.map((n) => [n.unique_id, n])) } as unknown as Manifest,
      adapter: counted,
      databaseState: databaseStateFor(counted),
      runId: 'batchtest1',
      fullRefresh: false,
      projectDir: process.cwd(),
      targetDir: process.cwd(),
      ownedViews: new Map(),
      storeFailures,
      compiledFolders: new Set(),
    }) as unknown as RunContext;

  const run = async (nodes: TestNode[], signal?: AbortSignal) => {
    roundTrips = [];
    alone = [];
    const results = await runDataTestBatch(contextFor(nodes), nodes.map((n) => n.unique_id), 'Thread-2', signal);
    return Object.fromEntries(results.map((r) => [r.unique_id.replace('test.shop.', ''), r])) as Record<string, NodeResult>;
  };

  const orders = () => `"${schema}".orders`;

  it('runs the tests in one round trip, each with its own outcome, failing rows and time', async () => {
    const nodes = [
      testNode('ids_not_null', `select * from ${orders()} where id is null`),
      testNode('amount_not_null', `select * from ${orders()} where amount is null order by id`),
      testNode('status_known', `select * from ${orders()} where status not in ('placed', 'shipped')`, { severity: 'warn' }),
      testNode('few_null_amounts', `select * from ${orders()} where amount is null`, { warn_if: '>1', error_if: '>5' }),
      // A trailing semicolon and a trailing comment, as people write them.
      testNode('ids_positive', `select * from ${orders()} where id <= 0;`),
      testNode('ids_small', `select * from ${orders()} where id > 100 -- never\n`),
    ];
    const results = await run(nodes);
    expect(roundTrips).toHaveLength(1);
    expect(Object.fromEntries(Object.entries(results).map(([name, r]) => [name, [r.status, r.failures, r.message]]))).toEqual({
      ids_not_null: ['pass', 0, 'PASS'],
      amount_not_null: ['fail', 2, 'FAIL 2 (2 failing rows)'],
      status_known: ['warn', 1, 'WARN 1 (1 failing row)'],
      few_null_amounts: ['warn', 2, 'WARN 2 (2 failing rows)'],
      ids_positive: ['pass', 0, 'PASS'],
      ids_small: ['pass', 0, 'PASS'],
    });
    expect(results.amount_not_null!.failing_rows).toEqual([
      { id: 4, amount: null, status: 'placed' },
      { id: 8, amount: null, status: 'placed' },
    ]);
    // Each test's time is its own stretch of the batch, one after another on the batch's worker.
    const ordered = nodes.map((n) => results[n.name]!);
    for (const [i, result] of ordered.entries()) {
      expect(result.thread_id).toBe('Thread-2');
      const [{ started_at, completed_at }] = result.timing as [{ started_at: string; completed_at: string }];
      expect(Date.parse(completed_at)).toBeGreaterThanOrEqual(Date.parse(started_at));
      expect(result.execution_time).toBeGreaterThanOrEqual(0);
      expect(result.execution_time).toBeLessThan(5);
      if (i > 0) expect(started_at).toBe(ordered[i - 1]!.timing[0]!.completed_at);
    }
  });

  it('runs each test alone when the batch fails, so the failing one reports its own error', async () => {
    const results = await run([
      testNode('ids_not_null', `select * from ${orders()} where id is null`),
      testNode('no_such_column', `select * from ${orders()} where customer_id is null`),
      testNode('amount_not_null', `select * from ${orders()} where amount is null`),
    ]);
    expect(roundTrips).toHaveLength(1);
    expect(results.ids_not_null!.status).toBe('pass');
    expect(results.amount_not_null).toMatchObject({ status: 'fail', failures: 2 });
    expect(results.no_such_column!.status).toBe('error');
    expect(results.no_such_column!.message).toContain('column "customer_id" does not exist');
    expect(results.no_such_column!.message).toContain('tests/no_such_column.sql');
  });

  it('runs alone a test whose SQL ends its statement early, which a batch cannot hold', async () => {
    const results = await run([
      testNode('ids_not_null', `select * from ${orders()} where id is null`),
      testNode('two_statements', `select * from ${orders()} where id is null) x; select (1`),
    ]);
    expect(results.ids_not_null!.status).toBe('pass');
    expect(results.two_statements!.status).toBe('error');
    expect(results.two_statements!.message).toContain("the test's query did not answer with its count of failing rows");
  });

  it('reports an interrupted batch as interrupted for each of its tests, without running them again', async () => {
    const controller = new AbortController();
    const seconds = kind === 'postgres' ? 20 : 1;
    const nodes = [
      testNode('ids_not_null', `select * from ${orders()} where id is null`),
      testNode('slow', `select * from ${orders()}, pg_sleep(${seconds}) where id is null`),
      testNode('amount_not_null', `select * from ${orders()} where amount is null`),
    ];
    const started = Date.now();
    setTimeout(() => {
      controller.abort();
      void adapter.cancel();
    }, 300);
    const results = await run(nodes, controller.signal);
    expect(roundTrips).toHaveLength(1);
    if (kind === 'postgres') {
      // The server cancels the batch's statement: every test of it says so, none runs again.
      expect(Date.now() - started).toBeLessThan(10_000);
      for (const name of ['ids_not_null', 'slow', 'amount_not_null']) {
        expect(results[name]!.status).toBe('error');
        expect(results[name]!.message).toContain('canceling statement due to user request');
      }
      expect(alone).toEqual([]);
    } else {
      // PGlite runs a text to its end (nothing interrupts it): the batch's results stand.
      expect(results.ids_not_null!.status).toBe('pass');
      expect(results.slow!.status).toBe('pass');
      expect(results.amount_not_null).toMatchObject({ status: 'fail', failures: 2 });
    }
  });

  it('leaves out of batches the tests that store their failures (they write)', () => {
    const stored = testNode('stored', `select 1`, { store_failures: true });
    const plain = testNode('plain', `select 1`);
    expect(canBatchDataTest(contextFor([stored, plain]), stored)).toBe(false);
    expect(canBatchDataTest(contextFor([stored, plain]), plain)).toBe(true);
    expect(canBatchDataTest(contextFor([stored, plain], true), plain)).toBe(false);
  });
});
