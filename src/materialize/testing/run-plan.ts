/**
 * A minimal executor for tests (the real one lives in src/execute): runs a plan's phases in order,
 * each transactional phase in one BEGIN…COMMIT, rolled back on the first failing statement.
 */
import type { Plan } from '../plan.js';
import type { QueryFn } from './test-database.js';

export interface PlanRunResult {
  /** Affected rows of the statement marked `countsRows`, if any ran. */
  readonly rowsAffected?: number;
}

/** A statement that failed, with the purpose of the statement in the message. */
export class PlanStatementError extends Error {
  constructor(
    readonly purpose: string,
    readonly sql: string,
    cause: unknown,
  ) {
    super(`${purpose}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Runs `plan` through `query`; throws PlanStatementError after rolling back the failing phase. */
export async function runPlan(plan: Plan, query: QueryFn): Promise<PlanRunResult> {
  let rowsAffected: number | undefined;
  for (const phase of plan.phases) {
    if (phase.transactional) await query('begin');
    try {
      for (const planned of phase.statements) {
        try {
          const result = await query(planned.sql);
          if (planned.countsRows) rowsAffected = result.rowCount;
        } catch (error) {
          throw new PlanStatementError(planned.purpose, planned.sql, error);
        }
      }
      if (phase.transactional) await query('commit');
    } catch (error) {
      if (phase.transactional) await query('rollback');
      throw error;
    }
  }
  return { rowsAffected };
}
