/** One fixture value as SQL: cast to the column's type when it is known, else a plain literal PostgreSQL types itself. */
import { quoteLiteral } from '../adapters/quoting.js';
import type { FixtureValue } from './fixture-table.js';

const NUMBER_TEXT = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** `cast('2024-01-01' as date)`, `cast(null as integer)`, or untyped `3`, `'abc'`, `true`, `null`. */
export function fixtureLiteral(value: FixtureValue, type: string | undefined, fromText: boolean): string {
  const literal = plainLiteral(value, type === undefined && fromText);
  return type === undefined ? literal : `cast(${literal} as ${type})`;
}

function plainLiteral(value: FixtureValue, inferNumbers: boolean): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return quoteLiteral(String(value));
    return String(value);
  }
  if (typeof value === 'string') return inferNumbers && NUMBER_TEXT.test(value) ? value : quoteLiteral(value);
  return quoteLiteral(JSON.stringify(value));
}
