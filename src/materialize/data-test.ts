/**
 * Data tests: the SQL dbt runs for one (its `get_test_sql` wrapper around the test's query, whose rows
 * are the failures), the outcome of the row that wrapper returns, the first failing rows for display,
 * and the plan keeping the failing rows in a table or a view (`store_failures`, `store_failures_as`).
 *
 * The thresholds are spliced into SQL, so only comparisons with a number are accepted (`>10`, `!=0`,
 * `>= 5`); anything else is a ConfigError, not SQL.
 */
import { ConfigError, type StrataErrorOptions } from '../errors/strata-error.js';
import type { GraphNode } from '../parse/manifest.js';
import { intermediateRelation } from './intermediate-names.js';
import type { Plan, RelationKind, RelationName } from './plan.js';
import { createSchemaPhase } from './schema-phase.js';
import { quoteIdent, renderRelation } from './sql-names.js';
import { embeddedSelect, statement } from './statement.js';

export type TestSeverity = 'warn' | 'error';
export type TestStatus = 'pass' | 'warn' | 'fail';

/** A data test's configs as written (dbt's defaults apply to those left out). */
export interface DataTestConfig {
  /** `warn` or `error` (any case); default `error`. */
  readonly severity?: string;
  /** A comparison with a number, applied to fail_calc: `!=0` (default), `>10`, `>= 5`. */
  readonly warn_if?: string;
  readonly error_if?: string;
  /** The aggregate counting failures over the test's rows; default `count(*)`. */
  readonly fail_calc?: string;
  /** At most this many of the test's rows are counted; default no limit. */
  readonly limit?: number | null;
}

/** The test node, so config errors name its file. */
export type DataTestNode = Pick<GraphNode, 'unique_id' | 'original_file_path'>;

export interface TestQueryInput {
  /** The test's SELECT: each row it returns is a failure. */
  readonly compiledSql: string;
  readonly config: DataTestConfig;
  readonly node?: DataTestNode;
}

/** The row the test query returns. Drivers give counts as numbers, strings (bigint) or bigints. */
export interface TestQueryRow {
  readonly failures: unknown;
  readonly should_warn: unknown;
  readonly should_error: unknown;
}

export interface TestOutcome {
  readonly status: TestStatus;
  /** fail_calc's value (0 when it is null, e.g. `sum(…)` over no rows). */
  readonly failures: number;
}

function configError(node: DataTestNode | undefined, message: string, hint: string): ConfigError {
  const options: StrataErrorOptions = node ? { location: { file: node.original_file_path }, nodeId: node.unique_id, hint } : { hint };
  return new ConfigError(node ? `${node.unique_id}: ${message}` : message, options);
}

const threshold = /^\s*(!=|<>|>=|<=|=|>|<)\s*(-?\d+(?:\.\d+)?)\s*$/;

/** A warn_if/error_if as SQL (`!= 0`), or a ConfigError for anything but a comparison with a number. */
export function thresholdSql(key: 'warn_if' | 'error_if', written: unknown, node?: DataTestNode): string {
  const match = typeof written === 'string' ? threshold.exec(written) : null;
  if (!match) {
    throw configError(node, `${key} must compare with a number, like ">10", "!=0" or ">=5"; got ${JSON.stringify(written)}`, `write ${key}: ">10" (operators: = != <> > >= < <=)`);
  }
  return `${match[1]} ${match[2]}`;
}

/** The severity (`warn` or `error`, any case), default `error`. */
export function testSeverity(written: unknown, node?: DataTestNode): TestSeverity {
  if (written === undefined || written === null) return 'error';
  const lower = typeof written === 'string' ? written.trim().toLowerCase() : undefined;
  if (lower === 'warn' || lower === 'error') return lower;
  throw configError(node, `severity must be warn or error, got ${JSON.stringify(written)}`, 'write severity: warn or severity: error');
}

/** fail_calc: an expression over the test's rows, spliced as written, so one that could end the statement or hide its rest is refused. */
function failCalcSql(written: unknown, node?: DataTestNode): string {
  if (written === undefined || written === null) return 'count(*)';
  if (typeof written !== 'string' || written.trim() === '' || /;|--|\/\*/.test(written)) {
    throw configError(node, `fail_calc must be an SQL expression over the test's rows, got ${JSON.stringify(written)}`, "write fail_calc: 'count(*)' or fail_calc: 'sum(n_records)'");
  }
  return written.trim();
}

function rowLimit(key: string, written: unknown, node?: DataTestNode): number | undefined {
  if (written === undefined || written === null) return undefined;
  if (typeof written === 'number' && Number.isSafeInteger(written) && written >= 0) return written;
  throw configError(node, `${key} must be a whole number of rows (0 or more), got ${JSON.stringify(written)}`, `write ${key}: 100`);
}

/** The test's SELECT without what would break wrapping it (trailing semicolons), ending on its own line. */
function innerSql(sql: string): string {
  return sql.replace(/[\s;]+$/, '');
}

/**
 * dbt's get_test_sql: one row of `failures` (fail_calc over the test's rows, at most `limit` of them),
 * `should_warn` and `should_error` (fail_calc compared with warn_if and error_if).
 */
export function buildTestQuery(input: TestQueryInput): string {
  const { config, node } = input;
  const failCalc = failCalcSql(config.fail_calc, node);
  const warnIf = thresholdSql('warn_if', config.warn_if ?? '!=0', node);
  const errorIf = thresholdSql('error_if', config.error_if ?? '!=0', node);
  const limit = rowLimit('limit', config.limit, node);
  testSeverity(config.severity, node);
  return (
    `select\n  ${failCalc} as failures,\n  ${failCalc} ${warnIf} as should_warn,\n  ${failCalc} ${errorIf} as should_error\n` +
    `from (\n${innerSql(input.compiledSql)}\n${limit === undefined ? '' : `limit ${limit}\n`}) dbt_internal_test`
  );
}

function truthy(value: unknown): boolean {
  return value === true || value === 't' || value === 'true' || value === 1;
}

function failureCount(value: unknown): number {
  if (value === null || value === undefined) return 0;
  const count = Number(value);
  if (Number.isNaN(count)) throw new Error(`the test query returned failures = ${JSON.stringify(value)}, not a number`);
  return count;
}

/**
 * The outcome of a test as dbt decides it: with severity error, should_error fails it; otherwise (and
 * always with severity warn) should_warn makes it a warning; else it passes.
 */
export function testOutcome(row: TestQueryRow, severity: TestSeverity): TestOutcome {
  const failures = failureCount(row.failures);
  if (severity === 'error' && truthy(row.should_error)) return { status: 'fail', failures };
  if (truthy(row.should_warn)) return { status: 'warn', failures };
  return { status: 'pass', failures };
}

/** The first `n` failing rows of a test, to show the user what failed. */
export function failingRowsQuery(compiledSql: string, n: number): string {
  const limit = rowLimit('the number of failing rows to show', n);
  return `select * from (\n${innerSql(compiledSql)}\n) dbt_internal_test\nlimit ${limit}`;
}

/** How a test's failing rows are kept: in a table, as a view over the test's query, or not at all. */
export type FailureStorage = 'table' | 'view' | undefined;

/**
 * dbt's rule for keeping a test's failures: `store_failures_as` decides when set (`ephemeral` keeps
 * nothing); else `store_failures` when true or false; else the `--store-failures` flag (a table).
 */
export function failureStorage(config: Readonly<Record<string, unknown>>, storeFailuresFlag: boolean): FailureStorage {
  const as = config.store_failures_as;
  if (as === 'table' || as === 'view') return as;
  if (as === 'ephemeral') return undefined;
  const stores = typeof config.store_failures === 'boolean' ? config.store_failures : storeFailuresFlag;
  return stores ? 'table' : undefined;
}

export interface StoreFailuresInput {
  /** The test's SELECT: every failing row is stored. */
  readonly compiledSql: string;
  /** The audit relation (the caller picks it: dbt's `<target schema>_dbt_test__audit`, or `<target schema>_test_failures`). */
  readonly target: RelationName;
  readonly runId: string;
  /** A table of the failing rows (default), or a view of the test's query, which stays current. */
  readonly as?: 'table' | 'view';
  /** What the audit relation is now, if it exists (an earlier run may have kept it the other way). */
  readonly existing?: RelationKind;
}

/**
 * `store_failures`: the audit relation replaced by the test's failing rows (or a view of them) in
 * one transaction (built under an intermediate name, then swapped in), so readers see the previous
 * rows or the new ones, never none.
 */
export function storeFailuresPlan(input: StoreFailuresInput): Plan {
  const { target, runId } = input;
  const as = input.as ?? 'table';
  const building = intermediateRelation(target, 'tmp', runId);
  const dropped = input.existing === 'view' ? 'view' : input.existing === 'materialized_view' ? 'materialized view' : 'table';
  return {
    target,
    phases: [
      createSchemaPhase(target),
      {
        transactional: true,
        statements: [
          statement(`create ${as} ${renderRelation(building)} as ${embeddedSelect(input.compiledSql)}`, `store the failing rows of ${target.identifier}`, true),
          statement(`drop ${dropped} if exists ${renderRelation(target)}`, 'drop the previous failing rows'),
          statement(`alter ${as} ${renderRelation(building)} rename to ${quoteIdent(target.identifier)}`, `put the failing rows in place as ${target.identifier}`),
        ],
      },
    ],
    notes: [],
    creates: [{ name: target, kind: as }],
    drops: [],
  };
}
