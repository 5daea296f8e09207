import type { QueryResult } from '../adapters/adapter.js';
import { buildTestQuery, failureStorage, type TestQueryRow } from '../materialize/data-test.js';
import type { GraphNode, TestNode } from '../parse/manifest.js';
import { errorOutcome, executeNode, nodeResult } from './execute-node.js';
import type { NodeResult } from './results.js';
import type { RunContext } from './run-context.js';
import { dataTestOutcome, testConfigOf } from './run-data-test.js';

/** The column of the database's clock that every statement of a batch adds, to time each test. */
const CLOCK = 'strata_clock';

/**
 * Whether a node may run in a batch: a data test whose SQL was compiled at parse time and that keeps
 * no failing rows (storing them writes, and a batch is one implicit transaction).
 */
export function canBatchDataTest(context: RunContext, node: GraphNode | undefined): node is TestNode {
  return (
    node !== undefined &&
    node.resource_type === 'test' &&
    !node.needs_execute_render &&
    node.compiled_code !== undefined &&
    failureStorage(node.config, context.storeFailures) === undefined
  );
}

interface PreparedTest {
  readonly node: TestNode;
  readonly query: string;
}

/**
 * Runs data tests in one round trip: their counting queries as one text of statements, each
 * answering with the database's clock so each test gets its own time. When the text fails,
 * PostgreSQL does not say which statement did, so each test runs again alone and reports its own
 * result or error; an interrupted run reports the interruption for all of them instead.
 */
export async function runDataTestBatch(context: RunContext, uniqueIds: readonly string[], threadId: string, signal?: AbortSignal): Promise<NodeResult[]> {
  const results: NodeResult[] = [];
  const prepared: PreparedTest[] = [];
  for (const id of uniqueIds) {
    const node = context.manifest.nodes[id];
    const query = canBatchDataTest(context, node) ? preparedQuery(node) : undefined;
    // A test whose query cannot be built (a bad warn_if) runs alone, to fail as it would alone.
    if (query === undefined) results.push(await executeNode(context, id, threadId));
    else prepared.push({ node: node as TestNode, query });
  }
  if (prepared.length === 0) return results;

  const started = new Date();
  let answers: QueryResult[] | undefined;
  try {
    answers = await context.adapter.withConnection((connection) => connection.queryEach(batchSql(prepared)));
  } catch (error) {
    if (signal?.aborted) {
      const now = new Date();
      return [...results, ...prepared.map(({ node }) => nodeResult(node.unique_id, errorOutcome(error, node), started, now, threadId))];
    }
  }
  const clocks = answers && clocksOf(answers, prepared.length);
  if (!answers || !clocks) {
    for (const { node } of prepared) results.push(await executeNode(context, node.unique_id, threadId));
    return results;
  }

  const at = (clock: number) => new Date(started.getTime() + (clock - clocks[0]!) * 1000);
  for (const [i, { node }] of prepared.entries()) {
    const answer = answers[i + 1]!;
    let outcome;
    try {
      outcome = await dataTestOutcome(context, node, node.compiled_code!, answer.rows[0] as unknown as TestQueryRow, answer.rowCount);
    } catch (error) {
      outcome = errorOutcome(error, node);
    }
    results.push(nodeResult(node.unique_id, outcome, at(clocks[i]!), at(clocks[i + 1]!), threadId));
  }
  return results;
}

function preparedQuery(node: TestNode): string | undefined {
  try {
    return buildTestQuery({ compiledSql: node.compiled_code!, config: testConfigOf(node), node });
  } catch {
    return undefined;
  }
}

/** The batch's text: the clock, then each test's counting query with the clock when it finished. */
export function batchSql(tests: readonly { readonly query: string }[]): string {
  const statements = [`select extract(epoch from clock_timestamp())::float8 as ${CLOCK}`];
  for (const { query } of tests) {
    statements.push(`select dbt_internal_test_result.*, extract(epoch from clock_timestamp())::float8 as ${CLOCK}\nfrom (\n${query}\n) dbt_internal_test_result`);
  }
  return statements.join(';\n');
}

/**
 * The clock of each statement (seconds), or undefined when the answers are not one row per
 * statement: a test's SQL that ended its statement early (a stray `;`) runs alone instead.
 */
function clocksOf(answers: readonly QueryResult[], tests: number): number[] | undefined {
  if (answers.length !== tests + 1) return undefined;
  const clocks: number[] = [];
  for (const answer of answers) {
    const clock = answer.rows.length === 1 ? answer.rows[0]![CLOCK] : undefined;
    if (typeof clock !== 'number') return undefined;
    clocks.push(clock);
  }
  return clocks;
}
