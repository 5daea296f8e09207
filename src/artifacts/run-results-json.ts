import path from 'node:path';
import type { NodeResult } from '../execute/results.js';
import { writeJsonArtifact } from './write-json.js';

export const RUN_RESULTS_SCHEMA = 'https://schemas.getdbt.com/dbt/run-results/v6.json';

export interface RunResultsInput {
  readonly results: readonly NodeResult[];
  readonly elapsed: number;
  readonly invocationId: string;
  readonly strataVersion: string;
  /** The command and flags, as dbt records `args` (used by `strata retry`). */
  readonly args: Readonly<Record<string, unknown>>;
  readonly relationNames: ReadonlyMap<string, string | undefined>;
}

/** `target/run_results.json` in dbt's shape, which schedulers and CI tools read. */
export function runResultsJson(input: RunResultsInput): Record<string, unknown> {
  return {
    metadata: {
      dbt_schema_version: RUN_RESULTS_SCHEMA,
      strata_version: input.strataVersion,
      generated_at: new Date().toISOString(),
      invocation_id: input.invocationId,
    },
    results: input.results.map((r) => ({
      unique_id: r.unique_id,
      status: r.status,
      timing: r.timing,
      thread_id: r.thread_id,
      execution_time: r.execution_time,
      adapter_response: r.adapter_response,
      message: r.message,
      failures: r.failures ?? null,
      rows_affected: r.rows_affected ?? null,
      compiled_path: r.compiled_path ?? null,
      relation_name: input.relationNames.get(r.unique_id) ?? null,
    })),
    elapsed_time: input.elapsed,
    args: input.args,
  };
}

/** Writes `<targetDir>/run_results.json`. */
export async function writeRunResults(targetDir: string, input: RunResultsInput): Promise<string> {
  const file = path.join(targetDir, 'run_results.json');
  await writeJsonArtifact(file, runResultsJson(input));
  return file;
}
