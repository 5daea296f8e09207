/** Planning and running a model on a test database in one call, as the executor will. */
import type { DatabaseState, Plan } from '../plan.js';
import type { MaterializeInput } from '../input.js';
import { materializeInput, type ModelFixture } from './model-fixture.js';
import { queryDatabaseState } from './query-database-state.js';
import { runPlan } from './run-plan.js';
import type { TestDatabase } from './test-database.js';

export type Materialization = (input: MaterializeInput, db: DatabaseState) => Promise<Plan>;

/** Plans `fixture` with `materialize` against the database's catalog, runs the plan, and returns it. */
export async function buildModel(db: TestDatabase, materialize: Materialization, fixture: ModelFixture): Promise<Plan> {
  const plan = await materialize(materializeInput(fixture), queryDatabaseState(db.query));
  await runPlan(plan, db.query);
  return plan;
}

/** The rows of a query, for assertions. */
export async function selectRows(db: TestDatabase, sql: string): Promise<Record<string, unknown>[]> {
  return (await db.query(sql)).rows;
}
