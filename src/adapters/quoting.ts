/**
 * The one place SQL identifiers and literals are quoted. PostgreSQL's rules: an identifier is
 * wrapped in double quotes with embedded quotes doubled; a string literal in single quotes with
 * embedded single quotes doubled. With standard_conforming_strings on (the default since 9.1 and
 * the only setting PGlite ships) backslashes are ordinary characters, so no E'' form is needed.
 */

/** `"name"` with embedded double quotes doubled; case is kept as written. */
export function quoteIdentifier(name: string): string {
  if (name.includes('\0')) throw new TypeError('an identifier cannot contain a NUL character');
  return `"${name.replaceAll('"', '""')}"`;
}

/** `'value'` with embedded single quotes doubled; null becomes NULL. */
export function quoteLiteral(value: string | null): string {
  if (value === null) return 'NULL';
  if (value.includes('\0')) throw new TypeError('a string literal cannot contain a NUL character');
  return `'${value.replaceAll("'", "''")}'`;
}
