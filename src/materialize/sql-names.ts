/**
 * The one place src/materialize turns names and values into SQL text, through the adapters' quoting
 * (identifiers always double-quoted, literals single-quoted, inner quotes doubled).
 */
import { quoteIdentifier, quoteLiteral as quoteAdapterLiteral } from '../adapters/quoting.js';
import type { RelationName } from './plan.js';

/** `"name"`, with inner double quotes doubled. */
export function quoteIdent(name: string): string {
  return quoteIdentifier(name);
}

/** `'value'`, with inner single quotes doubled (standard_conforming_strings is on in every supported version). */
export function quoteLiteral(value: string): string {
  return quoteAdapterLiteral(value);
}

/**
 * `"schema"."identifier"`. The database part is left out on purpose: PostgreSQL only accepts it when it
 * equals the connection's database, and PGlite's database name rarely matches the profile's `dbname`.
 */
export function renderRelation(name: RelationName): string {
  return `${quoteIdent(name.schema)}.${quoteIdent(name.identifier)}`;
}

const plainIdentifier = /^[A-Za-z_][A-Za-z0-9_$]*$/;
const quotedIdentifier = /^"((?:[^"]|"")+)"$/;

/**
 * A name a user wrote in a config (an index column, a grantee) as PostgreSQL would read it unquoted:
 * `Amount` means `amount`, `"Amount"` keeps its case. Returns undefined for anything else (an expression).
 */
export function userIdentifier(written: string): string | undefined {
  const text = written.trim();
  if (plainIdentifier.test(text)) return text.toLowerCase();
  const quoted = quotedIdentifier.exec(text);
  return quoted ? quoted[1]!.replaceAll('""', '"') : undefined;
}
