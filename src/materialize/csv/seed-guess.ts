/**
 * A large seed starts loading before its whole file has been read. Its columns are guessed from the
 * first rows, COPY streams the file, and meanwhile the rest of the file is read a slice at a time on
 * the event loop's free turns: the server parses rows while strata checks them, where they used to
 * take turns. The load commits only once the whole file confirms the guess (the columns and types
 * inference gives for every row, and nothing to rewrite for COPY); otherwise the transaction is rolled
 * back and the seed planned again from the whole file (PlanGuessRefused, runPlanned). A file error
 * (a ragged row, a value its declared type rejects) fails the load the same way, before it commits.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { PlanGuessRefused } from '../replan.js';
import { prepareSeedData, SeedDataScan, type SeedColumn, type SeedDataOptions } from './seed-data.js';

/** Files shorter than this are read whole first: the guess would save less than a few milliseconds. */
const GUESS_FROM_CHARS = 8 << 20;
/** How much of the file the guess is made on (about 10,000 rows of a ten-column file). */
const GUESS_ON_CHARS = 1 << 20;
/** How much is read between turns of the event loop (~15 ms), so the COPY keeps streaming. */
const SLICE_CHARS = 1 << 20;

/** What loading a seed sends: its columns and COPY-ready rows, and whether they are still a guess. */
export interface SeedLoad {
  readonly columns: readonly SeedColumn[];
  /** Rows as COPY reads them (see SeedData.csv). */
  readonly csv: string;
  /** Number of data rows; unknown while the columns are a guess (more than zero then). */
  readonly rowCount?: number;
  readonly unknownDeclaredColumns: readonly string[];
  /**
   * Present when the columns are a guess: resolves once the whole file has been read and agrees;
   * rejects with PlanGuessRefused when it does not, or with the file's error.
   */
  readonly confirm?: () => Promise<void>;
}

/** The seed's columns and rows: guessed from its first rows when the file is large and `mayGuess`, else read whole. */
export function prepareSeedLoad(text: string, options: SeedDataOptions, mayGuess: boolean): SeedLoad {
  if (!mayGuess || text.length < GUESS_FROM_CHARS) return prepareSeedData(text, options);
  const scan = new SeedDataScan(text, options);
  scan.readTo(GUESS_ON_CHARS);
  const guess = scan.guess();
  if (!guess) return scan.finish();
  const confirmation = confirmGuess(scan, guess.columns, options.file);
  // Awaited by the executor after the COPY; until then a refusal must not count as unhandled.
  confirmation.catch(() => undefined);
  return { ...guess, confirm: () => confirmation };
}

async function confirmGuess(scan: SeedDataScan, guessed: readonly SeedColumn[], file: string): Promise<void> {
  while (!scan.done) {
    await nextTurn();
    scan.readTo(scan.offset + SLICE_CHARS);
  }
  const data = scan.finish();
  const changed = data.columns.filter((column, i) => column.sqlType !== guessed[i]!.sqlType);
  if (changed.length > 0) {
    const detail = changed.map((column) => `"${column.name}" is ${column.sqlType}, not ${guessed[data.columns.indexOf(column)]!.sqlType}`).join(', ');
    throw new PlanGuessRefused(`${file}: later rows change the column types guessed from the first rows (${detail})`);
  }
  if (!data.asIs) throw new PlanGuessRefused(`${file}: later rows need rewriting for COPY`);
}
