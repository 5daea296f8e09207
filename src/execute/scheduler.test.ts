import { describe, expect, it } from 'vitest';
import type { ExecutionOrder } from '../graph/execution-order.js';
import type { NodeResult, NodeStatus } from './results.js';
import { BatchSizer } from './batch-sizer.js';
import { schedule, type Batching } from './scheduler.js';

/** An execution order from a parent → children listing. */
function orderOf(edges: Record<string, string[]>): ExecutionOrder {
  const ids = new Set<string>(Object.keys(edges));
  for (const children of Object.values(edges)) for (const c of children) ids.add(c);
  const upstream = new Map<string, string[]>([...ids].map((id) => [id, []]));
  const downstream = new Map<string, string[]>([...ids].map((id) => [id, edges[id] ?? []]));
  for (const [parent, children] of Object.entries(edges)) for (const c of children) upstream.get(c)!.push(parent);
  return { nodes: [...ids], upstream, downstream };
}

function result(id: string, status: NodeStatus): NodeResult {
  return { unique_id: id, status, message: status, execution_time: 0, timing: [], thread_id: 't', adapter_response: {} };
}

describe('schedule', () => {
  it('runs parents before children and never more than N at once', async () => {
    const order = orderOf({ a: ['c'], b: ['c'], c: ['d'], d: [] });
    const started: string[] = [];
    let running = 0;
    let peak = 0;
    const results = await schedule({
      order,
      threads: 2,
      execute: async (id) => {
        started.push(id);
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        return result(id, 'success');
      },
    });
    expect(results.map((r) => r.status)).toEqual(['success', 'success', 'success', 'success']);
    expect(started.indexOf('c')).toBeGreaterThan(Math.max(started.indexOf('a'), started.indexOf('b')));
    expect(started.indexOf('d')).toBeGreaterThan(started.indexOf('c'));
    expect(peak).toBe(2);
  });

  it('skips everything downstream of a failure and goes on with the rest', async () => {
    const order = orderOf({ a: ['b'], b: ['c'], x: ['y'] });
    const results = await schedule({ order, threads: 1, execute: async (id) => result(id, id === 'a' ? 'error' : 'success') });
    const byId = Object.fromEntries(results.map((r) => [r.unique_id, r]));
    expect(byId.a!.status).toBe('error');
    expect(byId.b!.status).toBe('skipped');
    expect(byId.c!.status).toBe('skipped');
    expect(byId.b!.message).toContain('a errored');
    expect(byId.x!.status).toBe('success');
    expect(byId.y!.status).toBe('success');
  });

  it('stops starting nodes after a failure with fail-fast', async () => {
    const order = orderOf({ a: [], b: [], c: [] });
    const executed: string[] = [];
    const results = await schedule({
      order,
      threads: 1,
      failFast: true,
      execute: async (id) => {
        executed.push(id);
        return result(id, 'error');
      },
    });
    expect(executed).toEqual(['a']);
    expect(results.filter((r) => r.status === 'skipped').map((r) => r.unique_id).sort()).toEqual(['b', 'c']);
  });

  it('starts nothing new once aborted and reports the rest as skipped', async () => {
    const order = orderOf({ a: ['b'], b: [] });
    const controller = new AbortController();
    const results = await schedule({
      order,
      threads: 1,
      signal: controller.signal,
      execute: async (id) => {
        controller.abort();
        return result(id, 'success');
      },
    });
    expect(results.map((r) => [r.unique_id, r.status])).toEqual([
      ['a', 'success'],
      ['b', 'skipped'],
    ]);
    expect(results[1]!.message).toContain('interrupted');
  });

  describe('with batching', () => {
    /** Batches only `t*` nodes, recording each batch; a batch's nodes fail when their name says so. */
    function batchingOf(batches: string[][]): Batching {
      const sizer = new BatchSizer({ targetSeconds: 0.05, maxSize: 100 });
      sizer.record(1, 0.001);
      return {
        canBatch: (id) => id.startsWith('t'),
        executeBatch: async (ids) => {
          batches.push([...ids]);
          return ids.map((id) => result(id, id.endsWith('fail') ? 'fail' : 'pass'));
        },
        sizer,
      };
    }

    it('runs ready batchable nodes together, at most an even share of what is ready per worker, and the others alone', async () => {
      const tests = Array.from({ length: 8 }, (_, i) => `t${i}`);
      const order = orderOf({ m: tests });
      const batches: string[][] = [];
      const executed: string[] = [];
      const results = await schedule({
        order,
        threads: 2,
        batching: batchingOf(batches),
        execute: async (id) => {
          executed.push(id);
          return result(id, 'success');
        },
      });
      // 8 ready for 2 workers: 4 to the first, then 2 of the 4 left, then one each.
      expect(batches).toEqual([
        ['t0', 't1', 't2', 't3'],
        ['t4', 't5'],
      ]);
      expect(executed).toEqual(['m', 't6', 't7']);
      expect(results).toHaveLength(9);
      expect(results.filter((r) => r.status === 'pass').map((r) => r.unique_id)).toEqual(['t0', 't1', 't2', 't3', 't4', 't5']);
    });

    it('skips what is downstream of a node that failed inside a batch, and only that', async () => {
      const order = orderOf({ m: ['t1', 't2_fail'], t1: ['after_t1'], t2_fail: ['after_t2'] });
      const batches: string[][] = [];
      const results = await schedule({ order, threads: 1, batching: batchingOf(batches), execute: async (id) => result(id, 'success') });
      expect(batches).toEqual([['t1', 't2_fail']]);
      const byId = Object.fromEntries(results.map((r) => [r.unique_id, r]));
      expect(byId.after_t1!.status).toBe('success');
      expect(byId.after_t2!.status).toBe('skipped');
      expect(byId.after_t2!.message).toContain('t2_fail failed');
    });
  });
});
