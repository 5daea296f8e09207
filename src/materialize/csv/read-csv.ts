/**
 * Reading a seed's CSV text. `scanCsv` walks the text once and hands each record to a visitor as field
 * offsets (no strings, no per-cell objects), so a million-row file costs little memory; a position
 * (`file:line:column`) is worked out only for a value that is reported. `readCsv` builds the whole table
 * with positions, for callers that want it (a COPY error mapped back to its cell).
 */
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

/**
 * One record as the scanner found it. The object and its arrays are reused for the next record: read
 * what you need inside the visitor. Field `i` spans `starts[i]..ends[i]` in the text, quotes included
 * when `quoted[i]` is 1.
 */
export interface CsvRecord {
  /** The text being scanned (BOM included, offsets count from its start). */
  readonly text: string;
  /** 0 for the header, then 1, 2, … for data rows (empty lines not counted). */
  index: number;
  /** Line (1-based) and offset where the record starts. */
  line: number;
  start: number;
  count: number;
  starts: Int32Array;
  ends: Int32Array;
  quoted: Uint8Array;
}

/** What the scan saw besides the records, for deciding whether the text can be sent to COPY as it is. */
export interface CsvScanSummary {
  /** Offset just past the header record's line break (where the data rows start). */
  readonly bodyStart: number;
  /** A `\r` line break (CRLF or CR) outside quotes. */
  readonly carriageReturns: boolean;
  /** Empty lines were skipped. */
  readonly emptyLines: boolean;
  /** Number of records, header included. */
  readonly records: number;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

function readFailure(file: string, line: number, detail: string): SeedCsvError {
  return new SeedCsvError(`cannot read the CSV: ${detail}`, {
    location: { file, line },
    hint: 'check the quoting around this line: a field containing the delimiter, a quote or a line break must be wrapped in double quotes, and inner quotes doubled ("")',
  });
}

function orLength(index: number, length: number): number {
  return index < 0 ? length : index;
}

function grow<T extends Int32Array | Uint8Array>(array: T, make: (n: number) => T): T {
  const bigger = make(array.length * 2);
  bigger.set(array);
  return bigger;
}

/**
 * Walks CSV text (header first, BOM skipped, `\n`, `\r\n` or `\r` line breaks, `"` quoting with `""` inside),
 * calling `visit` for every non-empty record. Throws SeedCsvError on a broken quote.
 */
export function scanCsv(text: string, options: ReadCsvOptions, visit: (record: CsvRecord) => void): CsvScanSummary {
  const scanner = new CsvScanner(text, options, visit);
  scanner.scanTo(text.length);
  return scanner.summary();
}

/**
 * scanCsv in steps: each `scanTo(limit)` reads the records that start before `limit` and stops, so a
 * large file can be read a slice at a time with the event loop free in between (a seed's COPY streams
 * meanwhile).
 */
export class CsvScanner {
  private readonly record: CsvRecord;
  private readonly delimiter: number;
  private i: number;
  private line = 1;
  private records = 0;
  private bodyStart = -1;
  private carriageReturns = false;
  private emptyLines = false;

  constructor(
    private readonly text: string,
    private readonly options: ReadCsvOptions,
    private readonly visit: (record: CsvRecord) => void,
  ) {
    this.delimiter = (options.delimiter ?? ',').charCodeAt(0);
    this.record = { text, index: 0, line: 1, start: 0, count: 0, starts: new Int32Array(16), ends: new Int32Array(16), quoted: new Uint8Array(16) };
    this.i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  /** Whether the whole text has been read. */
  get done(): boolean {
    return this.i >= this.text.length;
  }

  /** Offset where the next record starts (the text's length once done). */
  get offset(): number {
    return this.i;
  }

  summary(): CsvScanSummary {
    const { bodyStart, carriageReturns, emptyLines, records } = this;
    return { bodyStart: bodyStart < 0 ? this.text.length : bodyStart, carriageReturns, emptyLines, records };
  }

  /** Reads every record that starts before `limit` (a record is always read whole). */
  scanTo(limit: number): void {
    // The state lives in locals while scanning, so the inner loops do no property loads.
    const { text, options, visit, record, delimiter } = this;
    const length = text.length;
    let { i, line, records, bodyStart, carriageReturns, emptyLines } = this;
    // Characters above this one are never special: one comparison for most characters of a field.
    const maxSpecial = Math.max(delimiter, QUOTE, LF, CR);
    let starts = record.starts;
    let ends = record.ends;
    let quoted = record.quoted;
    const delimiterText = String.fromCharCode(delimiter);
    // Where the next quote, carriage return and delimiter are (the text's length when there is none).
    let nextQuote = -1;
    let nextCarriageReturn = -1;
    let nextDelimiter = -1;
    // Only records starting before `limit` are read now; the rest on a later call.
    const stop = Math.min(length, limit);
    while (i < stop) {
      const first = text.charCodeAt(i);
      if (first === LF || first === CR) {
        // An empty line: skipped, as csv-parse's skip_empty_lines did.
        emptyLines = true;
        if (first === CR) {
          carriageReturns = true;
          if (text.charCodeAt(i + 1) === LF) i++;
        }
        i++;
        line++;
        continue;
      }
      record.line = line;
      record.start = i;
      let count = 0;
      // A line without quotes or carriage returns (most lines of most files) is split with indexOf,
      // which the engine runs natively: a third of the time of the loop below.
      let lineEnd = text.indexOf('\n', i);
      if (lineEnd < 0) lineEnd = length;
      if (nextQuote < i) nextQuote = orLength(text.indexOf('"', i), length);
      if (nextCarriageReturn < i) nextCarriageReturn = orLength(text.indexOf('\r', i), length);
      if (nextQuote >= lineEnd && nextCarriageReturn >= lineEnd) {
        let from = i;
        for (;;) {
          if (count === starts.length) {
            starts = record.starts = grow(starts, (n) => new Int32Array(n));
            ends = record.ends = grow(ends, (n) => new Int32Array(n));
            quoted = record.quoted = grow(quoted, (n) => new Uint8Array(n));
          }
          // Kept between lines, as the quote's: a file with few delimiters is searched once, not per line.
          if (nextDelimiter < from) nextDelimiter = orLength(text.indexOf(delimiterText, from), length);
          const to = nextDelimiter < lineEnd ? nextDelimiter : lineEnd;
          starts[count] = from;
          ends[count] = to;
          quoted[count] = 0;
          count++;
          if (to === lineEnd) break;
          from = to + 1;
        }
        i = lineEnd;
        if (i < length) {
          i++;
          line++;
        }
        record.count = count;
        record.index = records;
        visit(record);
        records++;
        if (bodyStart < 0) bodyStart = i;
        continue;
      }
      // One field per iteration; `i` is at the field's first character.
      for (;;) {
        if (count === starts.length) {
          starts = record.starts = grow(starts, (n) => new Int32Array(n));
          ends = record.ends = grow(ends, (n) => new Int32Array(n));
          quoted = record.quoted = grow(quoted, (n) => new Uint8Array(n));
        }
        starts[count] = i;
        let c = i < length ? text.charCodeAt(i) : -1;
        if (c === QUOTE) {
          const openLine = line;
          i++;
          for (;;) {
            if (i >= length) throw readFailure(options.file, openLine, 'Quote Not Closed: the parsing is finished with an opening quote');
            c = text.charCodeAt(i);
            if (c === QUOTE) {
              if (text.charCodeAt(i + 1) === QUOTE) {
                i += 2;
                continue;
              }
              i++;
              break;
            }
            if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) line++;
            i++;
          }
          ends[count] = i;
          quoted[count] = 1;
          c = i < length ? text.charCodeAt(i) : -1;
          if (c !== delimiter && c !== LF && c !== CR && c !== -1) {
            throw readFailure(options.file, line, `Invalid Closing Quote: got "${text[i]}" after a closing quote instead of the delimiter or a line break`);
          }
        } else {
          for (;;) {
            if (c > maxSpecial) {
              i++;
              c = i < length ? text.charCodeAt(i) : -1;
              continue;
            }
            if (c === delimiter || c === LF || c === CR || c === -1) break;
            if (c === QUOTE) throw readFailure(options.file, line, 'Invalid Opening Quote: a quote is found inside a field that does not start with one');
            i++;
            c = i < length ? text.charCodeAt(i) : -1;
          }
          ends[count] = i;
          quoted[count] = 0;
        }
        count++;
        if (c === delimiter) {
          i++;
          continue;
        }
        // End of record: a line break or the end of the text.
        if (c === CR) {
          carriageReturns = true;
          if (text.charCodeAt(i + 1) === LF) i++;
        }
        if (c !== -1) {
          i++;
          line++;
        }
        break;
      }
      record.count = count;
      record.index = records;
      visit(record);
      records++;
      if (bodyStart < 0) bodyStart = i;
    }
    this.i = i;
    this.line = line;
    this.records = records;
    this.bodyStart = bodyStart;
    this.carriageReturns = carriageReturns;
    this.emptyLines = emptyLines;
  }
}

/** The text of field `index` of a record, quotes removed and `""` turned into `"`. */
export function fieldValue(record: CsvRecord, index: number): string {
  const start = record.starts[index]!;
  const end = record.ends[index]!;
  if (record.quoted[index] !== 1) return record.text.slice(start, end);
  const inner = record.text.slice(start + 1, end - 1);
  return inner.includes('"') ? inner.replaceAll('""', '"') : inner;
}

/** Where field `index` of a record starts in the file: counted from the record's start, only when asked. */
export function fieldPosition(record: CsvRecord, index: number): CellPosition {
  const text = record.text;
  const target = index < record.count ? record.starts[index]! : record.ends[record.count - 1]!;
  let line = record.line;
  let column = 1;
  for (let i = record.start; i < target; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) {
      line++;
      column = 1;
    } else {
      column++;
    }
  }
  return { line, column };
}

/** The ragged-row error of a data record whose field count differs from the header's. */
export function raggedRowError(record: CsvRecord, columns: number, options: ReadCsvOptions): SeedCsvError {
  const delimiter = options.delimiter ?? ',';
  const at = record.count > columns ? fieldPosition(record, columns) : endOfRecordPosition(record);
  return new SeedCsvError(`row has ${record.count} values but the header names ${columns} columns`, {
    location: { file: options.file, ...at },
    hint:
      record.count > columns
        ? `a value contains the delimiter "${delimiter}" without quotes, or the row has an extra value; wrap such values in double quotes`
        : 'add the missing values (an empty value between delimiters loads as NULL)',
  });
}

/** A short row is reported at its last field, as before (csv-parse positions ended there). */
function endOfRecordPosition(record: CsvRecord): CellPosition {
  return fieldPosition(record, record.count - 1);
}

/** The header's names (trimmed), rejecting empty and duplicate ones. */
export function readHeader(record: CsvRecord, options: ReadCsvOptions): string[] {
  const header: string[] = [];
  const seen = new Map<string, number>();
  for (let index = 0; index < record.count; index++) {
    const name = fieldValue(record, index).trim();
    if (name === '') {
      throw new SeedCsvError(`column ${index + 1} of the header has no name`, {
        location: { file: options.file, ...fieldPosition(record, index) },
        hint: 'give every column a name in the first line',
      });
    }
    const previous = seen.get(name);
    if (previous !== undefined) {
      throw new SeedCsvError(`column name "${name}" appears twice in the header (columns ${previous + 1} and ${index + 1})`, {
        location: { file: options.file, ...fieldPosition(record, index) },
        hint: 'rename one of the columns',
      });
    }
    seen.set(name, index);
    header.push(name);
  }
  return header;
}

export function emptyFileError(file: string): SeedCsvError {
  return new SeedCsvError('the CSV file is empty: a seed needs a header row naming its columns', {
    location: { file, line: 1 },
    hint: 'add a first line with the column names, separated by the delimiter',
  });
}

/** Parses CSV text (header row first, BOM tolerated) and rejects ragged rows and duplicate or empty header names. */
export function readCsv(text: string, options: ReadCsvOptions): CsvTable {
  let header: string[] | undefined;
  let headerPositions: CellPosition[] = [];
  const rows: CsvRow[] = [];
  scanCsv(text, options, (record) => {
    const positions = Array.from({ length: record.count }, (_, i) => fieldPosition(record, i));
    if (!header) {
      header = readHeader(record, options);
      headerPositions = positions;
      return;
    }
    if (record.count !== header.length) throw raggedRowError(record, header.length, options);
    rows.push({ values: Array.from({ length: record.count }, (_, i) => fieldValue(record, i)), positions });
  });
  if (!header) throw emptyFileError(options.file);
  return { header, headerPositions, rows };
}
