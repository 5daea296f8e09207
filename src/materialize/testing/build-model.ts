/** Planning and running a model on a test database in one call, as the executor will. */
import type { DatabaseState, Plan } from '../plan.js';
import type { MaterializeInput } from '../input.js';
import { materializeInput, type ModelFixture } from './model-fixture.js';
import { queryDatabaseState } from './query-database-state.js';
import { runPlanned } from '../replan.js';
import { runPlan } from './run-plan.js';
import type { TestDatabase } from './test-database.js';

export type Materialization = (input: MaterializeInput, db: DatabaseState) => Promise<Plan>;

/**
 * Plans `fixture` with `materialize` against the database's catalog, runs the plan, and returns it;
 * a plan the database refused as its `replanOn` says is made again the careful way, as the executor does.
 */
export async function buildModel(db: TestDatabase, materialize: Materialization, fixture: ModelFixture): Promise<Plan> {
  const state = queryDatabaseState(db.query);
  const { plan } = await runPlanned(materializeInput(fixture), (input) => materialize(input, state), (planned) => runPlan(planned, db.query), sqlstateOf);
  return plan;
}

function sqlstateOf(error: unknown): string | undefined {
  const cause = error instanceof Error && 'cause' in error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

/** The rows of a query, for assertions. */
export async function selectRows(db: TestDatabase, sql: string): Promise<Record<string, unknown>[]> {
  return (await db.query(sql)).rows;
}
