import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectFrom, removeDir, runCli } from './cli-harness.js';
import { databaseKinds, prepareDatabase } from './database-under-test.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

interface RunEvent {
  eventType: string;
  eventTime: string;
  producer: string;
  schemaURL: string;
  run: { runId: string; facets?: { parent?: { run: { runId: string }; job: { namespace: string; name: string } } } };
  job: { namespace: string; name: string };
  inputs: { namespace: string; name: string }[];
  outputs: { namespace: string; name: string }[];
}

const files = {
  'project.yml': 'name: shop\nprofile: shop\nmodels:\n  shop:\n    +materialized: table\n',
  'seeds/raw_orders.csv': 'order_id,amount\n1,10\n2,-5\n',
  'models/valid_orders.sql': "{{ config(materialized='ephemeral') }}\nselect * from {{ ref('raw_orders') }} where amount > 0\n",
  'models/order_totals.sql': "select count(*) as orders, sum(amount) as total from {{ ref('valid_orders') }}\n",
  'models/schema.yml': 'version: 2\nmodels:\n  - name: order_totals\n    columns:\n      - name: total\n        data_tests: [not_null]\n',
};

/** The spec's required fields (https://openlineage.io/spec/2-0-2/OpenLineage.json, RunEvent). */
function expectValidRunEvent(event: RunEvent): void {
  expect(['START', 'RUNNING', 'COMPLETE', 'ABORT', 'FAIL', 'OTHER']).toContain(event.eventType);
  expect(new Date(event.eventTime).toISOString()).toBe(event.eventTime);
  expect(event.producer).toMatch(/^[a-z][a-z0-9+.-]*:/);
  expect(event.schemaURL).toBe('https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent');
  expect(event.run.runId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expect(event.job.namespace).toBeTruthy();
  expect(event.job.name).toBeTruthy();
  for (const dataset of [...event.inputs, ...event.outputs]) {
    expect(dataset.namespace).toBeTruthy();
    expect(dataset.name).toBeTruthy();
  }
}

describe.each(databaseKinds)('--openlineage on %s', (kind) => {
  it('writes a START and an end event for the run and for each node, with the relations read and built', async () => {
    const dir = await projectFrom(files);
    const db = await prepareDatabase(kind, dir, 'shop');
    cleanups.push(() => db.cleanup(), () => removeDir(dir));

    const built = await runCli(['build', '--openlineage', 'lineage/events.jsonl'], dir, { OPENLINEAGE_NAMESPACE: 'nightly' });
    expect(built.code, built.stderr).toBe(0);
    const events = (await readFile(path.join(dir, 'lineage/events.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as RunEvent);
    for (const event of events) expectValidRunEvent(event);

    // The run: first and last, one START and one COMPLETE under the same runId.
    const [first, last] = [events[0]!, events[events.length - 1]!];
    expect([first.eventType, last.eventType]).toEqual(['START', 'COMPLETE']);
    expect(first.job).toEqual({ namespace: 'nightly', name: 'strata-build-shop' });
    expect(last.run.runId).toBe(first.run.runId);

    // Each node that ran: START then COMPLETE, under the run (the parent facet).
    const byJob = new Map<string, RunEvent[]>();
    for (const event of events.slice(1, -1)) byJob.set(event.job.name, [...(byJob.get(event.job.name) ?? []), event]);
    expect([...byJob.keys()].sort()).toEqual(['model.shop.order_totals', 'seed.shop.raw_orders', expect.stringMatching(/^test\.shop\.not_null_order_totals_total\./)]);
    for (const nodeEvents of byJob.values()) {
      expect(nodeEvents.map((e) => e.eventType)).toEqual(['START', 'COMPLETE']);
      expect(nodeEvents[1]!.run.runId).toBe(nodeEvents[0]!.run.runId);
      expect(nodeEvents[0]!.run.facets?.parent).toMatchObject({ run: { runId: first.run.runId }, job: { namespace: 'nightly', name: 'strata-build-shop' } });
    }

    // Datasets: named database.schema.table in the target's namespace; the ephemeral model is looked through.
    const namespace = kind === 'postgres' ? expect.stringMatching(/^postgres:\/\/[^/]+:\d+$/) : 'pglite:.strata/pglite';
    const database = kind === 'postgres' ? 'test' : 'postgres';
    const relation = (table: string) => ({ namespace, name: `${database}.${db.schema}.${table}` });
    const model = byJob.get('model.shop.order_totals')![1]!;
    expect(model.inputs).toEqual([relation('raw_orders')]);
    expect(model.outputs).toEqual([relation('order_totals')]);
    expect(byJob.get('seed.shop.raw_orders')![0]!.outputs).toEqual([relation('raw_orders')]);
    const test = [...byJob.entries()].find(([name]) => name.startsWith('test.'))![1][1]!;
    expect(test.inputs).toEqual([relation('order_totals')]);
    expect(test.outputs).toEqual([]);
  }, 300_000);

  it('posts the events to an http endpoint, marks a failed node and run FAIL, and only warns when the endpoint is down', async () => {
    const dir = await projectFrom({ ...files, 'models/broken.sql': 'select * from no_such_table\n' });
    const db = await prepareDatabase(kind, dir, 'shop');
    cleanups.push(() => db.cleanup(), () => removeDir(dir));

    const received: RunEvent[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push({ ...(JSON.parse(body) as RunEvent), contentType: request.headers['content-type'], authorization: request.headers.authorization, path: request.url } as RunEvent);
        response.writeHead(201).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    // Credentials in the URL go as Basic authentication (fetch refuses them in the URL) and are never printed.
    const url = `http://marquez:s3cret@127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/lineage`;

    expect((await runCli(['seed'], dir)).code).toBe(0);
    const run = await runCli(['run', '--openlineage', url], dir);
    expect(run.code).toBe(1);
    expect(`${run.stdout}${run.stderr}`).not.toContain('s3cret');
    expect(received.length).toBeGreaterThanOrEqual(4);
    expect(received.every((e) => (e as unknown as { authorization: string }).authorization === `Basic ${Buffer.from('marquez:s3cret').toString('base64')}`)).toBe(true);
    for (const event of received) expectValidRunEvent(event);
    expect(received.every((e) => (e as unknown as { path: string }).path === '/api/v1/lineage')).toBe(true);
    expect(received.every((e) => (e as unknown as { contentType: string }).contentType === 'application/json')).toBe(true);
    const broken = received.filter((e) => e.job.name === 'model.shop.broken').map((e) => e.eventType);
    expect(broken).toEqual(['START', 'FAIL']);
    expect(received[received.length - 1]).toMatchObject({ eventType: 'FAIL', job: { name: 'strata-run-shop' } });

    // A lineage endpoint that is down costs a warning, not the run.
    const down = await runCli(['run', '--select', 'order_totals', '--openlineage', 'http://user:secret@127.0.0.1:9/lineage'], dir);
    expect(down.code, down.stderr).toBe(0);
    expect(`${down.stdout}${down.stderr}`).toMatch(/OpenLineage: \d+ events could not be sent to http:\/\/127\.0\.0\.1:9\/lineage/);
    expect(`${down.stdout}${down.stderr}`).not.toContain('secret');
  }, 300_000);
});
