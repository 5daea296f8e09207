import { writeJsonArtifact } from '../artifacts/write-json.js';
import type { TimingEntry } from '../execute/results.js';
import type { FreshnessCriteria, FreshnessTime } from './criteria.js';
import type { FreshnessStatus } from './status.js';

export const SOURCES_SCHEMA = 'https://schemas.getdbt.com/dbt/sources/v3.json';

/** The freshness of one source table, as sources.json records it. */
export type SourceFreshnessResult =
  | {
      readonly unique_id: string;
      readonly status: FreshnessStatus;
      /** ISO 8601, UTC. */
      readonly max_loaded_at: string;
      readonly snapshotted_at: string;
      readonly max_loaded_at_time_ago_in_s: number;
      readonly criteria: FreshnessCriteria;
      readonly adapter_response: Readonly<Record<string, unknown>>;
      readonly timing: readonly TimingEntry[];
      readonly thread_id: string;
      /** Seconds. */
      readonly execution_time: number;
    }
  | { readonly unique_id: string; readonly status: 'runtime error'; readonly error: string };

export interface SourcesJsonInput {
  readonly results: readonly SourceFreshnessResult[];
  /** Seconds for the whole command. */
  readonly elapsed: number;
  readonly invocationId: string;
  readonly generatedAt: string;
}

/**
 * `sources.json` in dbt's v3 shape, which dbt Cloud, Elementary and the `source_status:` selector
 * read. The metadata keeps to the schema's keys (its readers reject others), so strata's version
 * is not recorded here.
 */
export function sourcesJson(input: SourcesJsonInput): Record<string, unknown> {
  return {
    metadata: { dbt_schema_version: SOURCES_SCHEMA, generated_at: input.generatedAt, invocation_id: input.invocationId, env: {} },
    results: input.results.map((r) =>
      r.status === 'runtime error'
        ? { unique_id: r.unique_id, error: r.error, status: r.status }
        : {
            unique_id: r.unique_id,
            max_loaded_at: r.max_loaded_at,
            snapshotted_at: r.snapshotted_at,
            max_loaded_at_time_ago_in_s: r.max_loaded_at_time_ago_in_s,
            status: r.status,
            criteria: criteriaJson(r.criteria),
            adapter_response: r.adapter_response,
            timing: r.timing,
            thread_id: r.thread_id,
            execution_time: r.execution_time,
          },
    ),
    elapsed_time: input.elapsed,
  };
}

function criteriaJson(criteria: FreshnessCriteria): Record<string, unknown> {
  const time = (t: FreshnessTime | null) => ({ count: t?.count ?? null, period: t?.period ?? null });
  return { warn_after: time(criteria.warn_after), error_after: time(criteria.error_after), filter: criteria.filter };
}

/** Writes sources.json to `file` (default `target/sources.json`, or `--output`). */
export async function writeSourcesJson(file: string, input: SourcesJsonInput): Promise<void> {
  await writeJsonArtifact(file, sourcesJson(input));
}
