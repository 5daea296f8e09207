/**
 * A seed file turned into what loading it needs: its columns with their SQL types (inferred as dbt does,
 * or declared in `column_types`), and its rows as COPY-ready CSV. Every problem is found here, before
 * the database is touched.
 */
import { StrataErrors } from '../../errors/strata-error.js';
import { declaredTypeChecker } from './declared-type-check.js';
import { ColumnKindAccumulator, inferredSqlType, isNullRange, normalizeForKind, type InferredKind } from './infer-types.js';
import { CsvScanner, emptyFileError, fieldPosition, fieldValue, raggedRowError, readHeader, scanCsv, type CellPosition, type CsvRecord } from './read-csv.js';
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
  /**
   * Rows as COPY reads them: no header, comma-separated, NULL as an unquoted empty field. When the file
   * already reads that way (the usual case) this is the file's own text after the header, sent as it is;
   * otherwise the rows are written again, every value quoted and normalised.
   */
  readonly csv: string;
  /** Whether `csv` is the file's own text (nothing needed rewriting). */
  readonly asIs: boolean;
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
  const scan = new SeedDataScan(text, options);
  scan.readTo(text.length);
  return scan.finish();
}

/** The columns a seed's first rows point to, before the rest of the file is read (see SeedDataScan.guess). */
export interface SeedGuess {
  readonly columns: readonly SeedColumn[];
  /**
   * The data rows as COPY reads them: the file's own text after the header; undefined when the rows
   * read so far need rewriting for a CSV COPY (NULL spelled `null` or `""`, blanks, `1,000`).
   */
  readonly csv: string | undefined;
  readonly unknownDeclaredColumns: readonly string[];
  /** Some value read so far is in a spelling PostgreSQL does not read as its column's type (`1,000`, ` 5`). */
  readonly valuesNeedRewriting: boolean;
  /** Per column, for an inferred timestamp column, the spelling its values share (see ColumnKindAccumulator). */
  readonly timestampSpellings: readonly ('space' | 'iso' | undefined)[];
}

/**
 * prepareSeedData in steps: `readTo(offset)` reads the records starting before `offset`, `finish()` the
 * rest and returns the SeedData. In between, `guess()` says what the rows read so far point to, so a
 * large file can start loading while its remaining rows are still being checked.
 */
export class SeedDataScan {
  private readonly scanner: CsvScanner;
  private readonly declaredTypes: Readonly<Record<string, string>>;
  private header: string[] | undefined;
  private headerPosition: CellPosition = { line: 1, column: 1 };
  /** Per column: the inference under way, or the declared type's check. */
  private inferring: (ColumnKindAccumulator | undefined)[] = [];
  private checks: (((raw: string) => string | undefined) | undefined)[] = [];
  private readonly problems: SeedCsvError[] = [];
  private rowCount = 0;
  /** Called with every data record once it has been read and checked (the record is reused after). */
  onDataRow?: (record: CsvRecord) => void;
  // PostgreSQL's COPY reads the file itself when it is comma-separated and every NULL is an unquoted empty field.
  private asIs: boolean;

  constructor(
    private readonly text: string,
    private readonly options: SeedDataOptions,
  ) {
    this.declaredTypes = options.columnTypes ?? {};
    this.asIs = (options.delimiter ?? ',') === ',';
    this.scanner = new CsvScanner(text, { file: options.file, delimiter: options.delimiter }, (record) => this.visit(record));
  }

  /** Reads the records that start before `offset`. */
  readTo(offset: number): void {
    this.scanner.scanTo(offset);
  }

  /** Whether every record has been read. */
  get done(): boolean {
    return this.scanner.done;
  }

  /** Where the next record starts. */
  get offset(): number {
    return this.scanner.offset;
  }

  /**
   * The columns the rows read so far point to, when they are a fair guess: every inferred column has
   * seen a value (a column of NULLs so far could be anything).
   */
  guess(): SeedGuess | undefined {
    const { header, inferring } = this;
    if (!header || this.rowCount === 0 || this.problems.length > 0) return undefined;
    if (inferring.some((column) => column !== undefined && !column.hasValues)) return undefined;
    return {
      columns: this.columns(),
      csv: this.sendableAsIs() ? this.text.slice(this.scanner.summary().bodyStart) : undefined,
      unknownDeclaredColumns: this.unknownDeclaredColumns(),
      valuesNeedRewriting: inferring.some((column) => column?.needsRewrite()),
      timestampSpellings: inferring.map((column) => column?.timestampSpelling()),
    };
  }

  /** Reads the rest of the file and returns the seed's data; throws what the file gets wrong. */
  finish(): SeedData {
    const columns = this.finishColumns();
    const { options, text } = this;
    const asIs = this.sendableAsIs();
    const rowCount = this.rowCount;
    const bodyStart = this.scanner.summary().bodyStart;
    return {
      columns,
      csv: rowCount === 0 ? '' : asIs ? text.slice(bodyStart) : rewriteRows(text, { file: options.file, delimiter: options.delimiter }, this.inferring.map((column) => column?.kind())),
      asIs: asIs || rowCount === 0,
      rowCount,
      unknownDeclaredColumns: this.unknownDeclaredColumns(),
    };
  }

  /** Reads the rest of the file and returns the columns of the whole file; throws what the file gets wrong. */
  finishColumns(): SeedColumn[] {
    this.scanner.scanTo(this.text.length);
    const { problems, options } = this;
    if (!this.header) throw emptyFileError(options.file);
    if (problems.length === 1) throw problems[0]!;
    if (problems.length > 1) throw new StrataErrors(problems);
    return this.columns();
  }

  private visit(record: CsvRecord): void {
    const { header, text, options } = this;
    if (!header) {
      const names = readHeader(record, { file: options.file, delimiter: options.delimiter });
      this.header = names;
      this.headerPosition = fieldPosition(record, 0);
      this.inferring = names.map((name) => (this.declaredTypes[name] === undefined ? new ColumnKindAccumulator() : undefined));
      this.checks = names.map((name) => (this.declaredTypes[name] === undefined ? undefined : declaredTypeChecker(this.declaredTypes[name]!)));
      return;
    }
    if (record.count !== header.length) throw raggedRowError(record, header.length, { file: options.file, delimiter: options.delimiter });
    this.rowCount++;
    const { starts, ends, count } = record;
    const { inferring, checks, problems } = this;
    for (let index = 0; index < count; index++) {
      const quoted = record.quoted[index] === 1;
      const from = quoted ? starts[index]! + 1 : starts[index]!;
      const to = quoted ? ends[index]! - 1 : ends[index]!;
      if (isNullRange(text, from, to)) {
        // `""`, `null` or blanks: NULL for agate, but not for COPY.
        if (quoted || to > from) this.asIs = false;
        continue;
      }
      const column = inferring[index];
      if (column) {
        if (column.settled) continue;
        if (quoted) {
          const value = fieldValue(record, index);
          column.add(value, 0, value.length);
        } else {
          column.add(text, from, to);
        }
        continue;
      }
      const check = checks[index]!;
      const raw = fieldValue(record, index);
      const problem = check(raw);
      if (problem && problems.length < maxReportedProblems) problems.push(valueProblem(record, index, raw, header[index]!, problem, options.file));
    }
    // A line `\.` ends COPY data early.
    if (record.count === 1 && record.quoted[0] === 0 && record.ends[0]! - record.starts[0]! === 2 && text.startsWith('\\.', record.starts[0]!)) this.asIs = false;
    this.onDataRow?.(record);
  }

  /** Whether the rows read so far can go to COPY as the file has them. */
  private sendableAsIs(): boolean {
    const summary = this.scanner.summary();
    return this.asIs && !summary.carriageReturns && !summary.emptyLines && this.inferring.every((column) => !column?.needsRewrite());
  }

  private columns(): SeedColumn[] {
    const quote = this.options.quoteColumns ?? true;
    const columns = this.header!.map((name, index) => {
      const declared = this.declaredTypes[name];
      return {
        header: name,
        name: quote ? name : name.toLowerCase(),
        sqlType: declared ?? inferredSqlType[this.inferring[index]!.kind()],
        declared: declared !== undefined,
      };
    });
    const foldedClash = findFoldedClash(columns);
    if (foldedClash) {
      throw new SeedCsvError(`columns "${foldedClash[0]}" and "${foldedClash[1]}" are the same name once lowercased (quote_columns: false)`, {
        location: { file: this.options.file, ...this.headerPosition },
        hint: 'rename one of them, or set quote_columns: true to keep their case',
      });
    }
    return columns;
  }

  private unknownDeclaredColumns(): string[] {
    const headers = new Set(this.header);
    return Object.keys(this.declaredTypes).filter((name) => !headers.has(name));
  }
}

function valueProblem(record: CsvRecord, index: number, raw: string, column: string, problem: string, file: string): SeedCsvError {
  return new SeedCsvError(`value "${raw}" in column "${column}" ${problem}`, {
    location: { file, ...fieldPosition(record, index) },
    hint: `fix the value, or change column_types for "${column}"`,
  });
}

/** The data rows written again for COPY: every value quoted and normalised for its kind, NULLs as empty fields. */
function rewriteRows(text: string, readOptions: { file: string; delimiter?: string }, kinds: readonly (InferredKind | undefined)[]): string {
  const lines: string[] = [];
  let first = true;
  scanCsv(text, readOptions, (record) => {
    if (first) {
      first = false;
      return;
    }
    const fields: string[] = [];
    for (let index = 0; index < record.count; index++) {
      const raw = fieldValue(record, index);
      const quoted = record.quoted[index] === 1;
      const from = quoted ? record.starts[index]! + 1 : record.starts[index]!;
      const to = quoted ? record.ends[index]! - 1 : record.ends[index]!;
      if (isNullRange(text, from, to)) {
        fields.push('');
        continue;
      }
      const kind = kinds[index];
      fields.push(quoteCsvValue(kind === undefined ? raw : normalizeForKind(raw, kind)));
    }
    lines.push(fields.join(','));
  });
  return lines.length ? `${lines.join('\n')}\n` : '';
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
