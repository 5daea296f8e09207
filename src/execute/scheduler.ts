import type { ExecutionOrder } from '../graph/execution-order.js';
import { downstreamOf } from '../graph/execution-order.js';
import type { BatchSizer } from './batch-sizer.js';
import { isFailure, type NodeResult } from './results.js';

/** Nodes that may run several to a round trip (data tests), and how. */
export interface Batching {
  readonly canBatch: (uniqueId: string) => boolean;
  /** Runs the nodes together on one worker; one result per node. Never throws. */
  readonly executeBatch: (uniqueIds: readonly string[], threadId: string) => Promise<NodeResult[]>;
  readonly sizer: BatchSizer;
}

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
  /** When given, ready nodes it accepts are run in batches (one worker, one round trip) sized by its sizer. */
  readonly batching?: Batching;
}

/**
 * Walks the selected graph in dependency order with N workers. A failure marks everything downstream
 * `skipped` (with the reason) and the rest goes on, as dbt does; --fail-fast stops scheduling.
 * A batch takes one worker and reports each of its nodes as it would have been reported alone.
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

    const settle = (id: string, result: NodeResult) => {
      finish(result);
      if (isFailure(result.status)) {
        for (const child of downstreamOf(order, id)) skip(child, `skipped because ${id} ${result.status === 'fail' ? 'failed' : 'errored'}`);
        if (options.failFast) stopped = true;
      }
      release(id);
    };

    /** The ready node `first` and, when it may be batched, as many more batchable ready nodes as the sizer allows. */
    const takeBatch = (first: string): string[] => {
      const batching = options.batching;
      if (!batching?.canBatch(first)) return [first];
      // The cheap bound first: before any test is timed the sizer answers 1 whatever is ready.
      if (batching.sizer.nextSize(ready.length + 1, threads) <= 1) return [first];
      const candidates = ready.filter((id) => !skipped.has(id) && !done.has(id) && batching.canBatch(id));
      const size = batching.sizer.nextSize(candidates.length + 1, threads);
      if (size <= 1) return [first];
      const batch = [first, ...candidates.slice(0, size - 1)];
      const taken = new Set(batch);
      const rest = ready.filter((id) => !taken.has(id));
      ready.length = 0;
      ready.push(...rest);
      return batch;
    };

    const run = async (batch: readonly string[], threadId: string): Promise<NodeResult[]> => {
      const started = performance.now();
      const results = batch.length === 1 ? [await options.execute(batch[0]!, threadId)] : await options.batching!.executeBatch(batch, threadId);
      if (options.batching?.canBatch(batch[0]!)) options.batching.sizer.record(batch.length, (performance.now() - started) / 1000);
      return results;
    };

    const pump = () => {
      if (options.signal?.aborted) stopped = true;
      while (!stopped && running < threads && ready.length > 0) {
        const id = ready.shift()!;
        if (skipped.has(id) || done.has(id)) continue;
        const threadId = freeThreads.shift() ?? `Thread-${running + 1}`;
        const batch = takeBatch(id);
        running++;
        for (const member of batch) options.onStart?.(member);
        void run(batch, threadId).then((results) => {
          running--;
          freeThreads.push(threadId);
          const byId = new Map(results.map((result) => [result.unique_id, result]));
          for (const member of batch) settle(member, byId.get(member) ?? missingResult(member, threadId));
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

/** What a batch that lost a node's result reports for it (a bug in the batch runner, not the node). */
function missingResult(uniqueId: string, threadId: string): NodeResult {
  const now = new Date().toISOString();
  return {
    unique_id: uniqueId,
    status: 'error',
    message: 'internal error: the batch this node ran in returned no result for it',
    execution_time: 0,
    timing: [{ name: 'execute', started_at: now, completed_at: now }],
    thread_id: threadId,
    adapter_response: {},
  };
}
