/** Errors in a seed's CSV file or its config, reported with the file, line and column before the database is touched. */
import { StrataError, type StrataErrorOptions } from '../../errors/strata-error.js';

/** A seed file that cannot be loaded as written: ragged row, unclosed quote, a value its column type rejects. */
export class SeedCsvError extends StrataError {
  constructor(message: string, options: StrataErrorOptions = {}) {
    super('seed_csv', message, options);
  }
}
