import type { Adapter } from '../adapters/adapter.js';
import type { NodeResult, TimingEntry } from '../execute/results.js';
import { checkFreshness, type FreshnessCheck, type FreshnessCheckOutcome } from './check-freshness.js';
import { isoUtc } from './loaded-at-time.js';
import type { SourceFreshnessResult } from './sources-json.js';
import { describeFreshness } from './status.js';

export interface RunFreshnessChecksOptions {
  readonly adapter: Adapter;
  readonly checks: readonly FreshnessCheck[];
  /** How many queries at once (PGlite: 1). */
  readonly threads: number;
  /** Once aborted, no further check starts. */
  readonly signal?: AbortSignal;
  readonly onStart?: (check: FreshnessCheck) => void;
  readonly onResult?: (check: FreshnessCheck, result: SourceFreshnessResult, nodeResult: NodeResult) => void;
}

/** Checks every source table, `threads` at a time; results in the order of `checks` (those not started when aborted are left out). */
export async function runFreshnessChecks(options: RunFreshnessChecksOptions): Promise<SourceFreshnessResult[]> {
  const results: (SourceFreshnessResult | undefined)[] = new Array(options.checks.length);
  let next = 0;
  const worker = async (threadId: string): Promise<void> => {
    while (next < options.checks.length && !options.signal?.aborted) {
      const index = next++;
      const check = options.checks[index]!;
      options.onStart?.(check);
      const started = new Date();
      const outcome = await options.adapter.withConnection((connection) => checkFreshness(connection, check));
      const completed = new Date();
      const timing: TimingEntry[] = [{ name: 'execute', started_at: started.toISOString(), completed_at: completed.toISOString() }];
      const executionTime = (completed.getTime() - started.getTime()) / 1000;
      const result = sourceFreshnessResult(check, outcome, timing, threadId, executionTime);
      results[index] = result;
      options.onResult?.(check, result, nodeResultOf(check, outcome, timing, threadId, executionTime));
    }
  };
  const threads = Math.max(1, Math.min(options.threads, options.checks.length));
  await Promise.all(Array.from({ length: threads }, (_, i) => worker(`Thread-${i + 1}`)));
  return results.filter((r): r is SourceFreshnessResult => r !== undefined);
}

function sourceFreshnessResult(check: FreshnessCheck, outcome: FreshnessCheckOutcome, timing: readonly TimingEntry[], threadId: string, executionTime: number): SourceFreshnessResult {
  if (outcome.kind === 'runtime_error') return { unique_id: check.unique_id, status: 'runtime error', error: outcome.error };
  return {
    unique_id: check.unique_id,
    status: outcome.status,
    max_loaded_at: isoUtc(outcome.maxLoadedAt),
    snapshotted_at: isoUtc(outcome.snapshottedAt),
    max_loaded_at_time_ago_in_s: outcome.ageSeconds,
    criteria: check.criteria,
    adapter_response: outcome.adapterResponse,
    timing,
    thread_id: threadId,
    execution_time: executionTime,
  };
}

/** The same outcome as the reporters take it: a runtime error is an `error` with the reason as message. */
function nodeResultOf(check: FreshnessCheck, outcome: FreshnessCheckOutcome, timing: readonly TimingEntry[], threadId: string, executionTime: number): NodeResult {
  const common = { unique_id: check.unique_id, timing, thread_id: threadId, execution_time: executionTime };
  if (outcome.kind === 'runtime_error') return { ...common, status: 'error', message: outcome.error, adapter_response: {} };
  return { ...common, status: outcome.status, message: describeFreshness(outcome.ageSeconds, outcome.status, check.criteria), adapter_response: outcome.adapterResponse };
}
