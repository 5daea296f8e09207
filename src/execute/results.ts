/**
 * The outcome of executing nodes: the contract between execute/ and report/ + artifacts/.
 * Status names are dbt's, so tools that read run_results.json recognise them.
 */

export type NodeStatus = 'success' | 'error' | 'fail' | 'warn' | 'skipped' | 'pass';

export interface TimingEntry {
  readonly name: 'compile' | 'execute';
  readonly started_at: string;
  readonly completed_at: string;
}

export interface NodeResult {
  readonly unique_id: string;
  readonly status: NodeStatus;
  /** What happened, in a line: `CREATE VIEW`, `INSERT 0 42`, `3 rows failed`, the error, or why skipped. */
  readonly message: string;
  /** Seconds. */
  readonly execution_time: number;
  readonly timing: readonly TimingEntry[];
  readonly thread_id: string;
  readonly rows_affected?: number;
  /** For tests: the number of failing rows. */
  readonly failures?: number;
  readonly adapter_response: Readonly<Record<string, unknown>>;
  /** Where the compiled SQL was written, relative to the project. */
  readonly compiled_path?: string;
  /** Things the user should hear about (re-created dependent views, added columns). */
  readonly notes?: readonly string[];
  /** For a failed test: the first failing rows, as column → value. */
  readonly failing_rows?: readonly Readonly<Record<string, unknown>>[];
}

export interface RunSummary {
  readonly results: readonly NodeResult[];
  /** Seconds for the whole run. */
  readonly elapsed_time: number;
  readonly interrupted: boolean;
}

/** Statuses that make a node's dependents skip and the run exit 1. */
export function isFailure(status: NodeStatus): boolean {
  return status === 'error' || status === 'fail';
}
