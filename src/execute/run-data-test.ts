import { buildTestQuery, failingRowsQuery, failureStorage, storeFailuresPlan, testOutcome, testSeverity, type DataTestConfig, type TestQueryRow } from '../materialize/data-test.js';
import { StrataError } from '../errors/strata-error.js';
import type { TestNode } from '../parse/manifest.js';
import type { NodeOutcome } from './execute-node.js';
import { executableSql } from './node-sql.js';
import type { RunContext } from './run-context.js';
import { runPlan } from './run-plan.js';

/** How many failing rows a failed test shows. */
const SHOWN_FAILING_ROWS = 5;

/** Runs a data test: counts its failing rows, decides pass/warn/fail by its config, keeps failures when asked. */
export async function runDataTest(context: RunContext, node: TestNode): Promise<NodeOutcome> {
  const compiledSql = await executableSql(context, node, false);
  const query = buildTestQuery({ compiledSql, config: testConfigOf(node), node });
  const result = await context.adapter.withConnection((connection) => connection.query<TestQueryRow>(query));
  return dataTestOutcome(context, node, compiledSql, result.rows[0], result.rowCount);
}

/**
 * What a test's counting query answered, as its outcome: pass/warn/fail by its config, its failing
 * rows kept when asked, and the first of them fetched to show when it did not pass.
 */
export async function dataTestOutcome(
  context: RunContext,
  node: TestNode,
  compiledSql: string,
  answer: TestQueryRow | undefined,
  rowCount: number | null,
): Promise<NodeOutcome> {
  // The counting query is an aggregate: one row, always. Anything else means the test's SQL ended the
  // statement early (a `;` inside it) and the text ran as several, the last of which answered.
  if (answer === undefined || !('failures' in answer)) {
    throw new StrataError('test_query_shape', "the test's query did not answer with its count of failing rows", {
      hint: "a test's SQL must be one SELECT statement; remove the ';' inside it",
    });
  }
  const row = answer;
  const outcome = testOutcome(row, testSeverity(testConfigOf(node).severity, node));
  const storing = failureStorage(node.config, context.storeFailures);
  if (storing) {
    const target = failuresRelation(node);
    const existing = await context.databaseState.relation(target);
    await runPlan(context.adapter, storeFailuresPlan({ compiledSql, target, runId: context.runId, as: storing, existing: existing?.kind }));
  }
  const failingRows =
    outcome.status === 'pass'
      ? undefined
      : (await context.adapter.withConnection((connection) => connection.query(failingRowsQuery(compiledSql, SHOWN_FAILING_ROWS)))).rows;
  const count = outcome.failures;
  return {
    status: outcome.status,
    message: outcome.status === 'pass' ? 'PASS' : `${outcome.status.toUpperCase()} ${count} (${count === 1 ? '1 failing row' : `${count} failing rows`})`,
    failures: count,
    adapter_response: { _message: `SELECT ${rowCount ?? 1}`, code: 'SELECT', rows_affected: rowCount ?? 1 },
    ...(node.compiled_path ? { compiled_path: node.compiled_path } : {}),
    ...(failingRows ? { failing_rows: failingRows } : {}),
    ...(storing ? { notes: [`failing rows ${storing === 'view' ? 'shown by the view' : 'stored in'} ${failuresRelation(node).schema}.${node.alias}`] } : {}),
  };
}

/** A test's configs as written; the query builder applies dbt's defaults and refuses bad values. */
export function testConfigOf(node: TestNode): DataTestConfig {
  const c = node.config;
  return {
    severity: c.severity as string | undefined,
    warn_if: c.warn_if as string | undefined,
    error_if: c.error_if as string | undefined,
    fail_calc: c.fail_calc as string | undefined,
    limit: c.limit as number | undefined,
  };
}

/**
 * Where a test's failing rows are kept: the test's own relation, in dbt's audit schema
 * (`<target schema>_dbt_test__audit`, or the tests' `schema` config), replaced each run.
 */
export function failuresRelation(node: TestNode): { database: string; schema: string; identifier: string } {
  return { database: node.database, schema: node.schema, identifier: node.alias };
}
