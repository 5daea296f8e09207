import { buildTestQuery, failingRowsQuery, failureStorage, storeFailuresPlan, testOutcome, testSeverity, type DataTestConfig, type TestQueryRow } from '../materialize/data-test.js';
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
  const config = testConfigOf(node);
  const query = buildTestQuery({ compiledSql, config, node });
  const result = await context.adapter.withConnection((connection) => connection.query<TestQueryRow>(query));
  const row = result.rows[0] ?? { failures: 0, should_warn: false, should_error: false };
  const outcome = testOutcome(row, testSeverity(config.severity, node));
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
    adapter_response: { _message: `SELECT ${result.rowCount ?? 1}`, code: 'SELECT', rows_affected: result.rowCount ?? 1 },
    ...(node.compiled_path ? { compiled_path: node.compiled_path } : {}),
    ...(failingRows ? { failing_rows: failingRows } : {}),
    ...(storing ? { notes: [`failing rows ${storing === 'view' ? 'shown by the view' : 'stored in'} ${failuresRelation(node).schema}.${node.alias}`] } : {}),
  };
}

/** A test's configs as written; the query builder applies dbt's defaults and refuses bad values. */
function testConfigOf(node: TestNode): DataTestConfig {
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
