/**
 * Reading a seed's CSV text into header and rows, keeping where each value sits in the file so a
 * value rejected later is reported as `file:line:column`.
 */
import { parse, CsvError } from 'csv-parse/sync';
import { SeedCsvError } from './seed-errors.js';

/** Where a value starts in the file (1-based). */
export interface CellPosition {
  readonly line: number;
  readonly column: number;
}

export interface CsvRow {
  /** Raw field texts, in header order. */
  readonly values: readonly string[];
  readonly positions: readonly CellPosition[];
}

export interface CsvTable {
  readonly header: readonly string[];
  readonly headerPositions: readonly CellPosition[];
  readonly rows: readonly CsvRow[];
}

export interface ReadCsvOptions {
  /** The file as shown in errors (project-relative). */
  readonly file: string;
  /** One character; dbt's seed `delimiter` config, default `,`. */
  readonly delimiter?: string;
}

interface ParsedRecord {
  readonly record: string[];
  readonly raw: string;
  readonly info: { readonly lines: number };
}

/** Positions of each field of a raw record that ends on line `lastLine`: quotes are honoured, delimiters inside them skipped. */
function fieldPositions(raw: string, lastLine: number, delimiter: string): CellPosition[] {
  const body = raw.replace(/\r?\n$|\r$/, '');
  const newlines = body.match(/\r\n|\n|\r/g)?.length ?? 0;
  let line = lastLine - newlines;
  let column = 1;
  let quoted = false;
  const positions: CellPosition[] = [{ line, column }];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === '"') quoted = !quoted;
    if (ch === '\n' || (ch === '\r' && body[i + 1] !== '\n')) {
      line++;
      column = 1;
      continue;
    }
    if (!quoted && body.startsWith(delimiter, i)) positions.push({ line, column: column + delimiter.length });
    column++;
  }
  return positions;
}

/** The record, header or ragged-row error from csv-parse as a SeedCsvError at the line it names. */
function parseFailure(error: unknown, file: string): never {
  if (error instanceof CsvError) {
    const lines = (error as CsvError & { lines?: number }).lines;
    const detail = error.message.replace(/ at line \d+.*$/s, '');
    throw new SeedCsvError(`cannot read the CSV: ${detail}`, {
      location: { file, line: lines },
      hint: 'check the quoting around this line: a field containing the delimiter, a quote or a line break must be wrapped in double quotes, and inner quotes doubled ("")',
      cause: error,
    });
  }
  throw error;
}

/** Parses CSV text (header row first, BOM tolerated) and rejects ragged rows and duplicate or empty header names. */
export function readCsv(text: string, options: ReadCsvOptions): CsvTable {
  const delimiter = options.delimiter ?? ',';
  let records: ParsedRecord[];
  try {
    records = parse(text, {
      delimiter,
      bom: true,
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as ParsedRecord[];
  } catch (error) {
    parseFailure(error, options.file);
  }
  const [headerRecord, ...body] = records;
  if (!headerRecord) {
    throw new SeedCsvError('the CSV file is empty: a seed needs a header row naming its columns', {
      location: { file: options.file, line: 1 },
      hint: 'add a first line with the column names, separated by the delimiter',
    });
  }
  const header = headerRecord.record.map((name) => name.trim());
  const headerPositions = fieldPositions(headerRecord.raw, headerRecord.info.lines, delimiter);
  const seen = new Map<string, number>();
  header.forEach((name, index) => {
    const at = headerPositions[index]!;
    if (name === '') {
      throw new SeedCsvError(`column ${index + 1} of the header has no name`, {
        location: { file: options.file, ...at },
        hint: 'give every column a name in the first line',
      });
    }
    const previous = seen.get(name);
    if (previous !== undefined) {
      throw new SeedCsvError(`column name "${name}" appears twice in the header (columns ${previous + 1} and ${index + 1})`, {
        location: { file: options.file, ...at },
        hint: 'rename one of the columns',
      });
    }
    seen.set(name, index);
  });
  const rows = body.map((parsed): CsvRow => {
    const positions = fieldPositions(parsed.raw, parsed.info.lines, delimiter);
    if (parsed.record.length !== header.length) {
      const at = positions[Math.min(parsed.record.length, header.length)] ?? positions[positions.length - 1]!;
      throw new SeedCsvError(`row has ${parsed.record.length} values but the header names ${header.length} columns`, {
        location: { file: options.file, ...at },
        hint:
          parsed.record.length > header.length
            ? `a value contains the delimiter "${delimiter}" without quotes, or the row has an extra value; wrap such values in double quotes`
            : 'add the missing values (an empty value between delimiters loads as NULL)',
      });
    }
    return { values: parsed.record, positions };
  });
  return { header, headerPositions, rows };
}
