/**
 * The one executor of materialization plans: runs a Plan's phases on one connection, a
 * transactional phase as one transaction (retried whole on a transient error), keeps the adapter's
 * catalog in step with what the plan built, and says what the database answered (dbt's
 * adapter_response).
 */
import type { Adapter, Connection, QueryResult } from '../adapters/adapter.js';
import { DatabaseError } from '../adapters/database-error.js';
import { makeRelation } from '../adapters/relation.js';
import { copySource, isCopyStatement, isGuessedCopy } from '../materialize/csv/copy-statement.js';
import type { Plan, PlannedStatement, PlanPhase } from '../materialize/plan.js';

/** dbt's adapter_response for postgres: the command tag, its verb, and the row count (-1 when the command has none). */
// A type, not an interface: it goes into NodeResult.adapter_response, a Record.
export type AdapterResponse = {
  readonly _message: string;
  readonly code: string;
  readonly rows_affected: number;
};

export interface PlanOutcome {
  /** Rows of the statement marked `countsRows` (the node's rows_affected), when one ran. */
  readonly rowsAffected?: number;
  readonly adapterResponse: AdapterResponse;
}

/** What one statement answered, kept for the adapter response. */
interface StatementOutcome {
  readonly statement: PlannedStatement;
  readonly command: string;
  readonly rowCount: number | null;
}

/**
 * Runs `plan`. A failing statement raises a DatabaseError naming the statement's purpose and SQL;
 * its transactional phase is rolled back, so a failed rebuild leaves the previous relation as it was.
 */
export async function runPlan(adapter: Adapter, plan: Plan): Promise<PlanOutcome> {
  const outcomes: StatementOutcome[] = [];
  try {
    // One connection for the whole plan: a later phase may use what an earlier one made for the session.
    await adapter.withConnection(async (connection) => {
      for (const phase of plan.phases) outcomes.push(...(await runPhase(connection, phase)));
    });
  } catch (error) {
    // Earlier (non-transactional) phases may have changed the schemas: ask the database again.
    forgetTouchedSchemas(adapter, plan);
    throw error;
  }
  await updateCatalog(adapter, plan);
  return planOutcome(outcomes);
}

async function runPhase(connection: Connection, phase: PlanPhase): Promise<StatementOutcome[]> {
  let running: PlannedStatement | undefined;
  const runAll = async (on: Connection): Promise<StatementOutcome[]> => {
    const outcomes: StatementOutcome[] = [];
    for (const statement of phase.statements) {
      running = statement;
      outcomes.push(await runStatement(on, statement));
    }
    return outcomes;
  };
  try {
    // A single statement is a transaction of its own in PostgreSQL: BEGIN and COMMIT around it would
    // only add two round trips (a new view's whole plan is one statement). It is retried the same
    // way, unless it is a COPY from a stream, which can be read only once either way. Inside an open
    // transaction it keeps its savepoint, so its failure can still be rolled back alone.
    // A COPY planned on a guess must not commit before the guess is confirmed.
    const guessed = phase.statements.some(isGuessedCopy);
    const asTransaction = phase.transactional && (phase.statements.length > 1 || connection.inTransaction || guessed);
    return asTransaction ? await connection.transaction(runAll) : await runAll(connection);
  } catch (error) {
    // Named only here, after the retry policy has seen the original error (it knows transient ones by identity).
    if (error instanceof DatabaseError && running) throw error.forStatement(running.purpose, running.sql);
    throw error;
  }
}

async function runStatement(connection: Connection, statement: PlannedStatement): Promise<StatementOutcome> {
  if (isCopyStatement(statement)) {
    const { blobSql, confirm } = statement.copyFrom;
    let rows: number;
    try {
      rows = await connection.copy({ fromStdin: statement.sql, fromBlob: blobSql }, copySource(statement.copyFrom));
    } catch (error) {
      // Rows the guessed columns could not take: a refused guess (planned again) explains it better.
      await confirm?.();
      throw error;
    }
    await confirm?.();
    return { statement, command: 'COPY', rowCount: rows };
  }
  const result: QueryResult = await connection.query(statement.sql);
  return { statement, command: result.command, rowCount: result.rowCount };
}

function planOutcome(outcomes: readonly StatementOutcome[]): PlanOutcome {
  // The last counting statement decides, as in the materializations' own test executor.
  const counting = outcomes.filter((outcome) => outcome.statement.countsRows).at(-1);
  const main = counting ?? outcomes.at(-1);
  const rowsAffected = counting ? (counting.rowCount ?? 0) : undefined;
  return {
    ...(rowsAffected !== undefined ? { rowsAffected } : {}),
    adapterResponse: main ? adapterResponse(main, rowsAffected) : { _message: 'OK', code: 'OK', rows_affected: -1 },
  };
}

/**
 * PostgreSQL's command tag as psycopg2 shows it to dbt: `SELECT 3`, `INSERT 0 3`, `CREATE VIEW`.
 * The driver reports only the tag's first word, so DDL objects are read from the statement itself.
 */
function adapterResponse(outcome: StatementOutcome, rowsAffected: number | undefined): AdapterResponse {
  const rows = rowsAffected ?? outcome.rowCount;
  const code = outcome.rowCount === null ? ddlTag(outcome.statement.sql, outcome.command) : outcome.command;
  const message = rows === null || outcome.rowCount === null ? code : code === 'INSERT' ? `INSERT 0 ${rows}` : `${code} ${rows}`;
  return { _message: message, code, rows_affected: rows ?? -1 };
}

function ddlTag(sql: string, command: string): string {
  const match = /^\s*(create|alter|drop|truncate|comment|grant|revoke)\b(?:\s+or\s+replace)?(?:\s+(?:temporary|temp|unlogged))?\s+(materialized\s+view|table|view|index|schema|sequence|function|type)?/i.exec(
    stripLeadingComments(sql),
  );
  if (!match) return command;
  const verb = match[1]!.toUpperCase();
  const object = match[2]?.replace(/\s+/g, ' ').toUpperCase();
  return object && !['COMMENT', 'GRANT', 'REVOKE', 'TRUNCATE'].includes(verb) ? `${verb} ${object}` : verb;
}

function stripLeadingComments(sql: string): string {
  return sql.replace(/^(?:\s+|--[^\n]*\n?|\/\*[\s\S]*?\*\/)*/, '');
}

/** Tells the catalog cache what the plan dropped and created, so later planning needs no new query. */
async function updateCatalog(adapter: Adapter, plan: Plan): Promise<void> {
  const catalog = adapter.catalog;
  for (const dropped of plan.drops) await catalog.relationDropped(dropped);
  for (const created of plan.creates) {
    const relation = makeRelation(created.name.database, created.name.schema, created.name.identifier);
    if (created.kind === 'other') await catalog.relationDropped(relation);
    else await catalog.relationCreated(relation, created.kind);
  }
  // Incremental loads and schema changes alter the target's columns without re-creating it.
  catalog.columnsChanged(plan.target);
  // A relation of unknown kind was left out above: it is asked for again.
  if (plan.creates.some((created) => created.kind === 'other')) catalog.forgetSchema(plan.target.schema);
}

function forgetTouchedSchemas(adapter: Adapter, plan: Plan): void {
  const schemas = new Set([plan.target.schema, ...plan.creates.map((c) => c.name.schema), ...plan.drops.map((d) => d.schema)]);
  for (const schema of schemas) adapter.catalog.forgetSchema(schema);
}
