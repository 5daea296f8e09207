/**
 * A failed unit test's rows as a table a user reads at a glance: `---` rows were expected and are
 * missing from the model's output, `+++` rows came out but were not expected (dbt's markers).
 */
import type { DiffRow } from './comparison.js';

/** Lines shown at most; the rest are counted. */
const SHOWN_LINES = 20;

/** The diff as lines: a heading, a header row, one line per missing or unexpected row. */
export function formatRowDiff(columns: readonly string[], diff: readonly DiffRow[]): string[] {
  const lines: { marker: string; cells: string[] }[] = [];
  for (const row of diff) {
    const cells = columns.map((c) => displayValue(row.values[c]));
    for (let i = row.actual; i < row.expected; i++) lines.push({ marker: '---', cells });
  }
  for (const row of diff) {
    const cells = columns.map((c) => displayValue(row.values[c]));
    for (let i = row.expected; i < row.actual; i++) lines.push({ marker: '+++', cells });
  }
  const shown = lines.slice(0, SHOWN_LINES);
  const widths = columns.map((c, i) => Math.max(c.length, ...shown.map((l) => l.cells[i]!.length)));
  const format = (marker: string, cells: readonly string[]) => [marker, ...cells.map((cell, i) => cell.padEnd(widths[i]!))].join(' | ').trimEnd();
  const missing = lines.filter((l) => l.marker === '---').length;
  const unexpected = lines.length - missing;
  const out = [
    `actual differs from expected: ${count(missing, 'expected row')} missing, ${count(unexpected, 'unexpected row')}`,
    format('   ', columns),
    ...shown.map((l) => format(l.marker, l.cells)),
  ];
  if (lines.length > shown.length) out.push(`… and ${lines.length - shown.length} more`);
  out.push('(--- expected but missing from the model, +++ returned by the model but not expected)');
  return out;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function displayValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
