/** Problems that do not stop a run (unknown keys, deprecated spellings), gathered for the reporter. */
import type { SourceLocation } from '../errors/strata-error.js';

export interface ConfigWarning {
  readonly message: string;
  readonly location?: SourceLocation;
}

/** A loader's result together with the warnings found on the way. */
export interface WithWarnings<T> {
  readonly value: T;
  readonly warnings: readonly ConfigWarning[];
}
