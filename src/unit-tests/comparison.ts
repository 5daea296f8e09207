/**
 * Comparing a unit test's actual rows with its expected rows in the database, as multisets over the
 * expected columns only: the query returns each distinct row whose count differs between the two.
 */
import { quoteIdentifier } from '../adapters/quoting.js';
import type { FixtureColumn } from './fixture-select.js';

/** A row whose count differs: how often it came out of the model and how often it was expected. */
export interface DiffRow {
  readonly values: Readonly<Record<string, unknown>>;
  readonly actual: number;
  readonly expected: number;
}

export const ACTUAL_COUNT = '__strata_actual_count';
export const EXPECTED_COUNT = '__strata_expected_count';

/** Types without an equality operator, grouped by a comparable form instead. */
const COMPARED_AS: Readonly<Record<string, string>> = { json: 'jsonb', xml: 'text', point: 'text', box: 'text', polygon: 'text', circle: 'text', line: 'text', path: 'text', lseg: 'text' };

/**
 * The query returning the rows that differ between `actualSql` (the model over its fixtures) and
 * `expectedSql`, over `columns` (named as the model names them, with the model's types).
 */
export function comparisonQuery(actualSql: string, expectedSql: string, columns: readonly FixtureColumn[]): string {
  const compared = columns.map((c) => {
    const as = c.type ? COMPARED_AS[c.type] : undefined;
    const name = quoteIdentifier(c.name);
    return as ? `${name}::${as} as ${name}` : name;
  });
  const names = columns.map((c) => quoteIdentifier(c.name));
  const select = (from: string, actual: number) => `select ${[...compared, `${actual} as a`, `${1 - actual} as e`].join(', ')} from ${from}`;
  return [
    'with __strata_unit_actual as (',
    stripTrailingSemicolon(actualSql),
    '), __strata_unit_expected as (',
    stripTrailingSemicolon(expectedSql),
    '), __strata_unit_rows as (',
    `${select('__strata_unit_actual', 1)}\nunion all\n${select('__strata_unit_expected', 0)}`,
    ')',
    `select ${[...names, `sum(a)::int as ${ACTUAL_COUNT}`, `sum(e)::int as ${EXPECTED_COUNT}`].join(', ')}`,
    'from __strata_unit_rows',
    names.length > 0 ? `group by ${names.join(', ')}` : '',
    'having sum(a) <> sum(e)',
    names.length > 0 ? `order by ${names.join(', ')}` : '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

/** The differing rows of a comparison query's result. */
export function diffRowsOf(rows: readonly Readonly<Record<string, unknown>>[]): DiffRow[] {
  return rows.map((row) => {
    const { [ACTUAL_COUNT]: actual, [EXPECTED_COUNT]: expected, ...values } = row;
    return { values, actual: Number(actual), expected: Number(expected) };
  });
}

/** How many rows differ: each surplus or missing copy counts. */
export function differingRowCount(diff: readonly DiffRow[]): number {
  return diff.reduce((sum, row) => sum + Math.abs(row.actual - row.expected), 0);
}

/** A trailing `;` (and comments after it) would end the CTE early. */
function stripTrailingSemicolon(sql: string): string {
  return `${sql.replace(/;\s*$/, '')}\n`;
}
