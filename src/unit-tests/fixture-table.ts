/**
 * A unit test's dict or csv rows as one shape: the columns in first-seen order and each row's
 * values. csv values stay text (cast later to the column's type); an empty csv cell is NULL.
 */
import { parse, CsvError } from 'csv-parse/sync';
import { ConfigError, type SourceLocation } from '../errors/strata-error.js';

export type FixtureValue = string | number | boolean | null | Readonly<Record<string, unknown>> | readonly unknown[];

export interface FixtureTable {
  readonly columns: readonly string[];
  readonly rows: readonly Readonly<Record<string, FixtureValue>>[];
  /** Values came from csv text: an untyped value that reads as a number is written as one. */
  readonly fromText: boolean;
}

/** The rows of a dict or csv fixture; `what` names it in errors (`given ref('x')`, `expect`). */
export function fixtureTable(
  fixture: { readonly format: 'dict' | 'csv' | 'sql'; readonly rows?: unknown },
  what: string,
  location: SourceLocation,
): FixtureTable {
  if (fixture.format === 'sql') throw new Error('sql fixtures have no rows to read');
  const rows = fixture.rows ?? [];
  if (fixture.format === 'csv') {
    if (typeof rows !== 'string') throw new ConfigError(`${what}: csv rows must be text (a block with a header line)`, { location, hint: 'Write rows: | followed by the csv lines.' });
    return csvTable(rows, what, location);
  }
  if (!Array.isArray(rows)) throw new ConfigError(`${what}: dict rows must be a list of mappings`, { location, hint: 'Write rows: [{id: 1, name: a}], or set format: csv for csv text.' });
  const columns: string[] = [];
  const seen = new Set<string>();
  const out: Record<string, FixtureValue>[] = [];
  for (const [index, row] of rows.entries()) {
    if (row === null || typeof row !== 'object' || Array.isArray(row))
      throw new ConfigError(`${what}: row ${index + 1} is not a mapping of column to value`, { location });
    const values: Record<string, FixtureValue> = {};
    for (const [column, value] of Object.entries(row as Record<string, unknown>)) {
      if (!seen.has(column)) {
        seen.add(column);
        columns.push(column);
      }
      values[column] = hostValue(value);
    }
    out.push(values);
  }
  return { columns, rows: out, fromText: false };
}

function csvTable(text: string, what: string, location: SourceLocation): FixtureTable {
  let records: string[][];
  try {
    records = parse(text.trim(), { relax_column_count: false, skip_empty_lines: true, trim: true }) as string[][];
  } catch (error) {
    const detail = error instanceof CsvError ? error.message : String(error);
    throw new ConfigError(`${what}: the csv rows cannot be read: ${detail}`, { location });
  }
  const [header, ...body] = records;
  if (!header) return { columns: [], rows: [], fromText: true };
  const rows = body.map((record) => Object.fromEntries(header.map((column, i) => [column, record[i] === '' || record[i] === undefined ? null : record[i]!])));
  return { columns: header, rows, fromText: true };
}

/** YAML values as fixture values: dates (from YAML 1.1 timestamps) as ISO text, the rest as they are. */
function hostValue(value: unknown): FixtureValue {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString().replace(/T00:00:00\.000Z$/, '');
  if (typeof value === 'bigint') return value.toString();
  return value as FixtureValue;
}
