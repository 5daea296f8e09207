/**
 * A fixture as a SELECT: one `select … union all` branch per row, every column of the input in each
 * (NULL where a row leaves it out, as dbt fills its default row), each value cast to its column type.
 */
import { quoteIdentifier } from '../adapters/quoting.js';
import { fixtureLiteral } from './fixture-literal.js';
import type { FixtureTable } from './fixture-table.js';

/** A column of a fixture: its name and, when known, its type. */
export interface FixtureColumn {
  readonly name: string;
  readonly type?: string;
}

/**
 * The columns of an input's fixture: the input's known columns (from the database or the property
 * files) first, then columns only the rows name. A row's column matches a known one ignoring case.
 */
export function fixtureColumns(known: readonly FixtureColumn[], table: FixtureTable): FixtureColumn[] {
  const columns = [...known];
  const byName = new Map(known.map((c) => [c.name.toLowerCase(), c]));
  for (const name of table.columns) {
    if (byName.has(name.toLowerCase())) continue;
    const column = { name };
    byName.set(name.toLowerCase(), column);
    columns.push(column);
  }
  return columns;
}

/** The SELECT yielding `table`'s rows with `columns` (see fixtureColumns); no rows gives an empty, typed result. */
export function fixtureSelect(table: FixtureTable, columns: readonly FixtureColumn[]): string {
  const valueOf = (row: Readonly<Record<string, unknown>>, column: FixtureColumn) => {
    if (column.name in row) return row[column.name];
    const key = Object.keys(row).find((k) => k.toLowerCase() === column.name.toLowerCase());
    return key === undefined ? null : row[key];
  };
  const select = (row: Readonly<Record<string, unknown>>) =>
    columns.length === 0
      ? 'select'
      : `select ${columns.map((c) => `${fixtureLiteral(valueOf(row, c) as never, c.type, table.fromText)} as ${quoteIdentifier(c.name)}`).join(', ')}`;
  if (table.rows.length === 0) return `${select({})}\nwhere false`;
  return table.rows.map(select).join('\nunion all\n');
}
