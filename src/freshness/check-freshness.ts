import type { Connection } from '../adapters/adapter.js';
import type { AdapterResponse } from '../execute/run-plan.js';
import { StrataError } from '../errors/strata-error.js';
import type { FreshnessCriteria } from './criteria.js';
import { freshnessQuery } from './freshness-query.js';
import { isTimestampType, parseTimestamp, secondsBetween, type Instant } from './loaded-at-time.js';
import { freshnessStatus, type FreshnessStatus } from './status.js';

/** One source table to check. */
export interface FreshnessCheck {
  readonly unique_id: string;
  /** `raw.orders`, as messages name it. */
  readonly display: string;
  /** The quoted relation, `"db"."raw"."orders"`. */
  readonly relation_name: string;
  readonly loaded_at_field: string | undefined;
  readonly criteria: FreshnessCriteria;
}

export type FreshnessCheckOutcome =
  | {
      readonly kind: 'checked';
      readonly status: FreshnessStatus;
      readonly maxLoadedAt: Instant;
      readonly snapshottedAt: Instant;
      /** snapshotted_at − max_loaded_at. */
      readonly ageSeconds: number;
      readonly adapterResponse: AdapterResponse;
    }
  /** The query failed or returned no usable timestamp: dbt's `runtime error`. */
  | { readonly kind: 'runtime_error'; readonly error: string };

/** Runs the freshness query of one source table and judges its age against the criteria. */
export async function checkFreshness(connection: Connection, check: FreshnessCheck): Promise<FreshnessCheckOutcome> {
  if (!check.loaded_at_field) {
    // dbt falls back to table metadata on warehouses that keep a last-modified time; PostgreSQL does not.
    return runtimeError(
      `Could not compute freshness for source ${check.display}: no loaded_at_field is set, and PostgreSQL keeps no last-modified time to use instead`,
    );
  }
  let result;
  try {
    result = await connection.query(freshnessQuery(check.relation_name, check.loaded_at_field, check.criteria.filter));
  } catch (error) {
    if (error instanceof StrataError) return runtimeError(error.message);
    throw error;
  }
  const row = result.rows[0] ?? {};
  const field = result.fields.find((f) => f.name === 'max_loaded_at');
  const raw = row.max_loaded_at;
  if (raw === null || raw === undefined) {
    return runtimeError(`Expected a non-null value when querying field '${check.loaded_at_field}' of table ${check.relation_name} but received value 'null' instead`);
  }
  if (!field || !isTimestampType(field.typeName)) {
    return runtimeError(
      `Expected a timestamp value when querying field '${check.loaded_at_field}' of table ${check.relation_name} but received value of type '${field?.typeName ?? typeof raw}' instead`,
    );
  }
  const maxLoadedAt = parseTimestamp(String(raw));
  const snapshottedAt = parseTimestamp(String(row.snapshotted_at));
  if (!maxLoadedAt || !snapshottedAt) {
    return runtimeError(`Could not read the timestamp '${String(maxLoadedAt ? row.snapshotted_at : raw)}' from field '${check.loaded_at_field}' of table ${check.relation_name}`);
  }
  const ageSeconds = secondsBetween(maxLoadedAt, snapshottedAt);
  return {
    kind: 'checked',
    status: freshnessStatus(ageSeconds, check.criteria),
    maxLoadedAt,
    snapshottedAt,
    ageSeconds,
    adapterResponse: { _message: `${result.command} ${result.rowCount ?? 1}`, code: result.command, rows_affected: result.rowCount ?? 1 },
  };
}

function runtimeError(error: string): FreshnessCheckOutcome {
  return { kind: 'runtime_error', error };
}
