/**
 * dbt's Column, as `adapter.get_columns_in_relation` returns them to templates: `name`/`column`,
 * `dtype` (the type without its size), `data_type` (with it), `char_size`, `numeric_precision` and
 * `numeric_scale`, `quoted`, and the predicates packages test them with (`is_string()`,
 * `is_number()`, …), with PostgreSQL's type names.
 */
const STRING_TYPES = new Set(['text', 'character varying', 'varchar', 'character', 'char', 'bpchar']);
const INTEGER_TYPES = new Set(['smallint', 'integer', 'bigint', 'int', 'int2', 'int4', 'int8', 'smallserial', 'serial', 'bigserial']);
const NUMERIC_TYPES = new Set(['numeric', 'decimal']);
const FLOAT_TYPES = new Set(['real', 'float4', 'float', 'double precision', 'float8', 'double']);

export class TemplateColumn {
  readonly name: string;
  readonly column: string;
  /** The type as PostgreSQL's format_type prints it, size included: `character varying(20)`, `numeric(10,2)`. */
  readonly data_type: string;
  /** The type without its size: `character varying`, `numeric`. */
  readonly dtype: string;
  readonly char_size: number | null;
  readonly numeric_precision: number | null;
  readonly numeric_scale: number | null;

  constructor(name: string, dataType: string) {
    this.name = name;
    this.column = name;
    this.data_type = dataType;
    const sized = /^([^(]+)\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)(.*)$/.exec(dataType);
    this.dtype = sized ? `${sized[1]!.trim()}${sized[4] ?? ''}`.trim() : dataType;
    const base = this.dtype.toLowerCase();
    this.char_size = sized && STRING_TYPES.has(base) ? Number(sized[2]) : null;
    this.numeric_precision = sized && NUMERIC_TYPES.has(base) ? Number(sized[2]) : null;
    this.numeric_scale = sized && NUMERIC_TYPES.has(base) && sized[3] !== undefined ? Number(sized[3]) : null;
  }

  get quoted(): string {
    return `"${this.name.replaceAll('"', '""')}"`;
  }
  is_string(): boolean {
    return STRING_TYPES.has(this.dtype.toLowerCase());
  }
  is_integer(): boolean {
    return INTEGER_TYPES.has(this.dtype.toLowerCase());
  }
  is_numeric(): boolean {
    return NUMERIC_TYPES.has(this.dtype.toLowerCase());
  }
  is_float(): boolean {
    return FLOAT_TYPES.has(this.dtype.toLowerCase());
  }
  is_number(): boolean {
    return this.is_integer() || this.is_numeric() || this.is_float();
  }
  /** The size of a string column: its declared length, or 256 for one without (dbt's answer for text). */
  string_size(): number {
    if (!this.is_string()) throw new Error(`string_size() on the non-string column ${this.name} (${this.data_type})`);
    return this.char_size ?? 256;
  }
  __str__(): string {
    return `<Column ${this.name} (${this.data_type})>`;
  }
  __repr__(): string {
    return this.__str__();
  }
}
