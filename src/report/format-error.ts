import { StrataError, StrataErrors } from '../errors/strata-error.js';

export interface ErrorStyle {
  readonly red: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly bold: (s: string) => string;
}

const plain: ErrorStyle = { red: (s) => s, dim: (s) => s, bold: (s) => s };

/**
 * A StrataError as users read it: `error file:line:col message`, then the code frame and the hint.
 * Several errors print one after another with a count at the end.
 */
export function formatError(error: StrataError, style: ErrorStyle = plain): string {
  if (error instanceof StrataErrors) {
    const parts = error.errors.map((e) => formatError(e, style));
    parts.push(style.red(`${error.errors.length} error${error.errors.length === 1 ? '' : 's'}`));
    return parts.join('\n\n');
  }
  const lines: string[] = [];
  const where = error.where;
  lines.push(`${style.red(style.bold('error'))} ${where ? `${where}: ` : ''}${error.message}`);
  if (error.frame) lines.push(style.dim(error.frame));
  if (error.hint) lines.push(`  hint: ${error.hint}`);
  return lines.join('\n');
}
