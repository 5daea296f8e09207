import type { ExecutionOrder } from '../graph/execution-order.js';
import { downstreamOf } from '../graph/execution-order.js';
import { isFailure, type NodeResult } from './results.js';

export interface ScheduleOptions {
  readonly order: ExecutionOrder;
  readonly threads: number;
  /** Builds one node; never throws (failures come back as results). */
  readonly execute: (uniqueId: string, threadId: string) => Promise<NodeResult>;
  /** Stop starting nodes after the first failure; running ones finish. */
  readonly failFast?: boolean;
  /** Aborted on Ctrl-C / SIGTERM: no new node starts. */
  readonly signal?: AbortSignal;
  readonly onStart?: (uniqueId: string) => void;
  readonly onResult?: (result: NodeResult) => void;
}

/**
 * Walks the selected graph in dependency order with N workers. A failure marks everything downstream
 * `skipped` (with the reason) and the rest goes on, as dbt does; --fail-fast stops scheduling.
 */
export async function schedule(options: ScheduleOptions): Promise<NodeResult[]> {
  const { order, threads } = options;
  const waiting = new Map<string, number>();
  for (const id of order.nodes) waiting.set(id, (order.upstream.get(id) ?? []).length);
  const ready: string[] = order.nodes.filter((id) => waiting.get(id) === 0);
  const done = new Map<string, NodeResult>();
  const skipped = new Set<string>();
  const results: NodeResult[] = [];
  let stopped = false;
  let running = 0;
  // Worker ids are taken when a node starts and given back when it ends, so two nodes running at the
  // same time never share one (run_results' thread_id, what a reader uses to see the parallelism).
  const freeThreads = Array.from({ length: threads }, (_, i) => `Thread-${i + 1}`);

  return new Promise<NodeResult[]>((resolve) => {
    const finish = (result: NodeResult) => {
      done.set(result.unique_id, result);
      results.push(result);
      options.onResult?.(result);
    };

    const skip = (id: string, reason: string) => {
      if (done.has(id) || skipped.has(id)) return;
      skipped.add(id);
      const now = new Date().toISOString();
      finish({
        unique_id: id,
        status: 'skipped',
        message: reason,
        execution_time: 0,
        timing: [{ name: 'execute', started_at: now, completed_at: now }],
        thread_id: '',
        adapter_response: {},
      });
    };

    const release = (id: string) => {
      for (const child of order.downstream.get(id) ?? []) {
        const left = (waiting.get(child) ?? 1) - 1;
        waiting.set(child, left);
        if (left === 0 && !skipped.has(child) && !done.has(child)) ready.push(child);
      }
    };

    const pump = () => {
      if (options.signal?.aborted) stopped = true;
      while (!stopped && running < threads && ready.length > 0) {
        const id = ready.shift()!;
        if (skipped.has(id) || done.has(id)) continue;
        const threadId = freeThreads.shift() ?? `Thread-${running + 1}`;
        running++;
        options.onStart?.(id);
        void options.execute(id, threadId).then((result) => {
          running--;
          freeThreads.push(threadId);
          finish(result);
          if (isFailure(result.status)) {
            for (const child of downstreamOf(order, id)) skip(child, `skipped because ${id} ${result.status === 'fail' ? 'failed' : 'errored'}`);
            if (options.failFast) stopped = true;
          }
          release(id);
          pump();
        });
      }
      if (running === 0 && (stopped || ready.length === 0)) {
        const reason = options.signal?.aborted ? 'skipped: the run was interrupted' : 'skipped: --fail-fast stopped the run after a failure';
        for (const id of order.nodes) if (!done.has(id)) skip(id, reason);
        resolve(results);
      }
    };
    options.signal?.addEventListener('abort', () => {
      stopped = true;
    });
    pump();
  });
}
