/**
 * A large seed starts loading before its whole file has been read. Its columns are guessed from the
 * first rows and COPY starts at once; the rest of the file is read while the rows stream, so the
 * server parses rows while strata checks them, where they used to take turns. Nothing commits before
 * the whole file has confirmed the guess (the columns and types inference gives for every row): a
 * wrong guess rolls the load back and the seed is planned again from the whole file
 * (PlanGuessRefused, runPlanned); a file error (a ragged row, a value its declared type rejects)
 * fails it the same way.
 *
 * When every column has a binary form (binary-rows.ts), the rows go in COPY's binary format, written
 * as the file is read, which also halves the server's work; the check ends the stream before its
 * last row is sent. Otherwise the file's own text goes as CSV and is confirmed after the COPY.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { PlanGuessRefused } from '../replan.js';
import { BinaryRowWriter, type BinaryKind } from './binary-rows.js';
import type { CopyRows } from './copy-statement.js';
import { CsvScanner, raggedRowError } from './read-csv.js';
import { prepareSeedData, SeedDataScan, type SeedColumn, type SeedData, type SeedDataOptions } from './seed-data.js';

/** Files shorter than this are read whole first: there is little to overlap, and a small seed keeps one COPY of its own text. */
const GUESS_FROM_CHARS = 8 << 20;
/** How much of the file the guess is made on (about 10,000 rows of a ten-column file). */
const GUESS_ON_CHARS = 1 << 20;
/** How much is read at a time while the COPY streams (~15 ms of work). */
const SLICE_CHARS = 1 << 20;

/** What loading a seed sends: its columns and rows, and whether the columns are still a guess. */
export interface SeedLoad {
  readonly columns: readonly SeedColumn[];
  readonly rows: CopyRows;
  /** Number of data rows; unknown while the columns are a guess (more than zero then). */
  readonly rowCount?: number;
  readonly unknownDeclaredColumns: readonly string[];
  /** Whether the columns are a guess the rest of the file may refuse. */
  readonly guessed: boolean;
  /**
   * Present when CSV rows were sent on a guess: resolves once the whole file has been read and
   * agrees; rejects with PlanGuessRefused when it does not, or with the file's error.
   */
  readonly confirm?: () => Promise<void>;
}

/** The seed's columns and rows: guessed from its first rows when the file is large and `mayGuess`, else read whole. */
export function prepareSeedLoad(text: string, options: SeedDataOptions, mayGuess: boolean): SeedLoad {
  if (!mayGuess || text.length < GUESS_FROM_CHARS) return fromData(prepareSeedData(text, options));
  const scan = new SeedDataScan(text, options);
  scan.readTo(GUESS_ON_CHARS);
  const guess = scan.guess();
  if (!guess) return fromData(scan.finish());
  // Values the binary writer would refuse (they need rewriting) go the CSV way from the start.
  const kinds = guess.valuesNeedRewriting ? undefined : binaryKinds(guess.columns, guess.timestampSpellings);
  if (kinds) {
    return {
      columns: guess.columns,
      rows: { binary: () => binaryRows(text, options, kinds) },
      unknownDeclaredColumns: guess.unknownDeclaredColumns,
      guessed: true,
    };
  }
  // CSV that needs rewriting is rewritten from the whole file.
  if (guess.csv === undefined) return fromData(scan.finish());
  const confirmation = confirmCsvGuess(scan, guess.columns, options.file);
  // Awaited by the executor after the COPY; until then a refusal must not count as unhandled.
  confirmation.catch(() => undefined);
  return { columns: guess.columns, rows: { csv: guess.csv }, unknownDeclaredColumns: guess.unknownDeclaredColumns, guessed: true, confirm: () => confirmation };
}

function fromData(data: SeedData): SeedLoad {
  return { columns: data.columns, rows: { csv: data.csv }, rowCount: data.rowCount, unknownDeclaredColumns: data.unknownDeclaredColumns, guessed: false };
}

/** The binary form of each inferred column, or undefined when one has none (numeric, declared types). */
function binaryKinds(columns: readonly SeedColumn[], timestampSpellings: readonly ('space' | 'iso' | undefined)[]): BinaryKind[] | undefined {
  const kinds: BinaryKind[] = [];
  for (const [index, column] of columns.entries()) {
    let kind = column.declared ? undefined : BINARY_KIND_OF_TYPE[column.sqlType];
    if (kind === 'timestamp' && timestampSpellings[index] === 'iso') kind = 'timestamp_iso';
    if (!kind) return undefined;
    kinds.push(kind);
  }
  return kinds;
}

const BINARY_KIND_OF_TYPE: Readonly<Record<string, BinaryKind>> = {
  integer: 'integer',
  bigint: 'bigint',
  float8: 'float8',
  boolean: 'boolean',
  date: 'date',
  'timestamp without time zone': 'timestamp',
  text: 'text',
};

/**
 * The whole file in COPY's binary format, read a slice at a time as the COPY asks for more. Writing
 * a value checks it as well: a value that has its column's binary form is one inference takes as
 * that type (see BinaryKind), so the whole file agrees with the guess unless a value cannot be
 * written. Throws, ending the COPY before its last row, when one cannot or the file is malformed.
 */
async function* binaryRows(text: string, options: SeedDataOptions, kinds: readonly BinaryKind[]): AsyncGenerator<Uint8Array> {
  const readOptions = { file: options.file, delimiter: options.delimiter };
  const writer = new BinaryRowWriter(kinds);
  let unsent: number | undefined;
  const scanner = new CsvScanner(text, readOptions, (record) => {
    if (record.index === 0) return;
    if (record.count !== kinds.length) throw raggedRowError(record, kinds.length, readOptions);
    if (unsent === undefined && !writer.write(record)) unsent = record.line;
  });
  while (!scanner.done) {
    scanner.scanTo(scanner.offset + SLICE_CHARS);
    if (unsent !== undefined) {
      throw new PlanGuessRefused(`${options.file}:${unsent}: a value of this row does not fit the column types guessed from the first rows`);
    }
    yield* writer.take();
  }
  yield* writer.take();
  yield BinaryRowWriter.trailer();
}

async function confirmCsvGuess(scan: SeedDataScan, guessed: readonly SeedColumn[], file: string): Promise<void> {
  while (!scan.done) {
    await nextTurn();
    scan.readTo(scan.offset + SLICE_CHARS);
  }
  const data = scan.finish();
  refuseChangedColumns(data.columns, guessed, file);
  if (!data.asIs) throw new PlanGuessRefused(`${file}: later rows need rewriting for COPY`);
}

function refuseChangedColumns(columns: readonly SeedColumn[], guessed: readonly SeedColumn[], file: string): void {
  const changed = columns.filter((column, i) => column.sqlType !== guessed[i]!.sqlType);
  if (changed.length === 0) return;
  const detail = changed.map((column) => `"${column.name}" is ${column.sqlType}, not ${guessed[columns.indexOf(column)]!.sqlType}`).join(', ');
  throw new PlanGuessRefused(`${file}: later rows change the column types guessed from the first rows (${detail})`);
}
