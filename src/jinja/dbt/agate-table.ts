import { PyFloat, fromHost, makeTuple, type PyTuple } from '../runtime/values.js';
import type { QueryTable } from './template-database.js';

/** A column of a query result: `.name`, `.data_type`, `.values()`. */
export class AgateColumn {
  constructor(
    readonly name: string,
    readonly data_type: string,
    private readonly cells: readonly unknown[],
  ) {}
  values(): PyTuple {
    return makeTuple(this.cells);
  }
}

/**
 * The shape dbt templates expect of `run_query()` results (an agate Table): `.rows` (tuples of
 * cells, also readable by column name through `__getitem__`), `.columns`, `.column_names`.
 */
export class AgateTable {
  readonly rows: AgateRow[];
  readonly columns: AgateColumn[];
  readonly column_names: PyTuple;
  readonly column_types: PyTuple;

  constructor(result: QueryTable) {
    const names = [...result.columnNames];
    this.rows = result.rows.map((values) => new AgateRow(names, values.map(normaliseCell)));
    this.columns = names.map((name, i) => new AgateColumn(name, result.columnTypes[i] ?? 'text', this.rows.map((r) => r.cells[i])));
    this.column_names = makeTuple(names);
    this.column_types = makeTuple([...result.columnTypes]);
  }

  get length(): number {
    return this.rows.length;
  }
  __len__(): number {
    return this.rows.length;
  }
  __iter__(): Iterable<unknown> {
    return this.rows;
  }
  __getitem__(key: unknown): unknown {
    return typeof key === 'number' ? this.rows[key < 0 ? this.rows.length + key : key] : undefined;
  }
  print_table(): string {
    return '';
  }
}

/** One row: indexable by position (`row[0]`) and by column name (`row['id']`, `row.id`). */
export class AgateRow {
  constructor(
    private readonly names: readonly string[],
    readonly cells: readonly unknown[],
  ) {
    names.forEach((name, i) => {
      if (!(name in this)) Object.defineProperty(this, name, { value: cells[i], enumerable: false });
    });
  }
  __getitem__(key: unknown): unknown {
    if (typeof key === 'number') return this.cells[key < 0 ? this.cells.length + key : key];
    const i = this.names.indexOf(String(key));
    return i >= 0 ? this.cells[i] : undefined;
  }
  __len__(): number {
    return this.cells.length;
  }
  __iter__(): Iterable<unknown> {
    return this.cells;
  }
  keys(): PyTuple {
    return makeTuple(this.names);
  }
  values(): PyTuple {
    return makeTuple(this.cells);
  }
  __repr__(): string {
    return `<agate.Row: (${this.cells.map(String).join(', ')})>`;
  }
}

function normaliseCell(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' && !Number.isInteger(value)) return new PyFloat(value);
  return fromHost(value);
}
