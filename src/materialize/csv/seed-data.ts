/**
 * A seed file turned into what loading it needs: its columns with their SQL types (inferred as dbt does,
 * or declared in `column_types`), and its rows as COPY-ready CSV. Every problem is found here, before
 * the database is touched.
 */
import { StrataErrors } from '../../errors/strata-error.js';
import { declaredTypeProblem } from './declared-type-check.js';
import { inferColumnKind, inferredSqlType, isNullValue, normalizeForKind, type InferredKind } from './infer-types.js';
import { readCsv } from './read-csv.js';
import { SeedCsvError } from './seed-errors.js';

export interface SeedColumn {
  /** The column name as written in the CSV header. */
  readonly header: string;
  /** The column name in the database: the header, or lowercased as PostgreSQL folds it when `quote_columns: false`. */
  readonly name: string;
  /** The SQL type the column is created with. */
  readonly sqlType: string;
  /** Whether the type comes from `column_types` rather than inference. */
  readonly declared: boolean;
}

export interface SeedData {
  readonly columns: readonly SeedColumn[];
  /** Rows as COPY reads them: no header, comma-separated, every value quoted, NULL as an unquoted empty field. */
  readonly csv: string;
  readonly rowCount: number;
  /** `column_types` entries naming no column of the file (ignored, as dbt does, but worth telling). */
  readonly unknownDeclaredColumns: readonly string[];
}

export interface SeedDataOptions {
  /** The file as shown in errors (project-relative). */
  readonly file: string;
  readonly delimiter?: string;
  /** dbt's `column_types`: header name → SQL type. */
  readonly columnTypes?: Readonly<Record<string, string>>;
  /** dbt's `quote_columns` (default true: names kept exactly as written). */
  readonly quoteColumns?: boolean;
}

/** Errors gathered before stopping, so a user fixes a file in one go. */
const maxReportedProblems = 20;

function quoteCsvValue(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

/** Reads, types and checks a seed's CSV text; throws SeedCsvError (or several as StrataErrors) with file:line:column. */
export function prepareSeedData(text: string, options: SeedDataOptions): SeedData {
  const table = readCsv(text, { file: options.file, delimiter: options.delimiter });
  const declaredTypes = options.columnTypes ?? {};
  const quote = options.quoteColumns ?? true;
  const kinds: (InferredKind | undefined)[] = table.header.map((header, index) =>
    declaredTypes[header] !== undefined ? undefined : inferColumnKind(table.rows.map((row) => row.values[index]!)),
  );
  const columns: SeedColumn[] = table.header.map((header, index) => {
    const declared = declaredTypes[header];
    return {
      header,
      name: quote ? header : header.toLowerCase(),
      sqlType: declared ?? inferredSqlType[kinds[index]!],
      declared: declared !== undefined,
    };
  });
  const foldedClash = findFoldedClash(columns);
  if (foldedClash) {
    throw new SeedCsvError(`columns "${foldedClash[0]}" and "${foldedClash[1]}" are the same name once lowercased (quote_columns: false)`, {
      location: { file: options.file, ...table.headerPositions[0]! },
      hint: 'rename one of them, or set quote_columns: true to keep their case',
    });
  }

  const problems: SeedCsvError[] = [];
  const lines: string[] = [];
  for (const row of table.rows) {
    const fields = row.values.map((raw, index) => {
      if (isNullValue(raw)) return '';
      const column = columns[index]!;
      const kind = kinds[index];
      if (kind !== undefined) return quoteCsvValue(normalizeForKind(raw, kind));
      const problem = declaredTypeProblem(raw, column.sqlType);
      if (problem && problems.length < maxReportedProblems) {
        problems.push(
          new SeedCsvError(`value "${raw}" in column "${column.header}" ${problem}`, {
            location: { file: options.file, ...row.positions[index]! },
            hint: `fix the value, or change column_types for "${column.header}"`,
          }),
        );
      }
      return quoteCsvValue(raw);
    });
    lines.push(fields.join(','));
  }
  if (problems.length === 1) throw problems[0]!;
  if (problems.length > 1) throw new StrataErrors(problems);

  const headers = new Set(table.header);
  return {
    columns,
    csv: lines.length ? `${lines.join('\n')}\n` : '',
    rowCount: lines.length,
    unknownDeclaredColumns: Object.keys(declaredTypes).filter((name) => !headers.has(name)),
  };
}

function findFoldedClash(columns: readonly SeedColumn[]): readonly [string, string] | undefined {
  const byName = new Map<string, string>();
  for (const column of columns) {
    const other = byName.get(column.name);
    if (other !== undefined) return [other, column.header];
    byName.set(column.name, column.header);
  }
  return undefined;
}
