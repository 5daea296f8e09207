/** ConfigErrors about a selection, located at the flag or the selectors.yml line that wrote it. */
import { ConfigError } from '../../errors/strata-error.js';
import { describeOrigin, type SpecOrigin } from './spec.js';

/** A ConfigError naming where the selection came from and what was expected. */
export function selectionError(origin: SpecOrigin, message: string, hint?: string): ConfigError {
  const location =
    origin.kind === 'file' ? { file: origin.file, line: origin.line, column: origin.column } : undefined;
  return new ConfigError(`${describeOrigin(origin)}: ${message}`, { location, hint });
}
