/** Python's pprint.pformat() (width 80, dicts sorted by key) for the pprint filter. */
import { compare } from './operators.js';
import { isMapping, isTuple, mappingEntries, pyRepr } from './values.js';

const WIDTH = 80;

function sortedEntries(value: Map<unknown, unknown> | Record<string, unknown>): [unknown, unknown][] {
  const entries = [...mappingEntries(value)];
  try {
    entries.sort((a, b) => (compare('<', a[0], b[0]) ? -1 : compare('<', b[0], a[0]) ? 1 : 0));
  } catch {
    // pprint falls back to an ordering by type name for unorderable keys; insertion order is close enough.
  }
  return entries;
}

/** repr() with dict keys sorted, as pprint prints them. */
function sortedRepr(value: unknown): string {
  if (isMapping(value)) return `{${sortedEntries(value).map(([k, v]) => `${sortedRepr(k)}: ${sortedRepr(v)}`).join(', ')}}`;
  if (isTuple(value)) return value.length === 1 ? `(${sortedRepr(value[0])},)` : `(${value.map(sortedRepr).join(', ')})`;
  if (Array.isArray(value)) return `[${value.map(sortedRepr).join(', ')}]`;
  return pyRepr(value);
}

function format(value: unknown, indent: number, allowance: number): string {
  const rep = sortedRepr(value);
  if (rep.length <= WIDTH - indent - allowance) return rep;
  if (isMapping(value)) {
    const entries = sortedEntries(value);
    if (!entries.length) return rep;
    const inner = indent + 1;
    const parts = entries.map(([k, v], i) => {
      const keyRepr = sortedRepr(k);
      const last = i === entries.length - 1;
      return `${keyRepr}: ${format(v, inner + keyRepr.length + 2, last ? allowance + 1 : 1)}`;
    });
    return `{${parts.join(`,\n${' '.repeat(inner)}`)}}`;
  }
  if (Array.isArray(value)) {
    if (!value.length) return rep;
    const tuple = isTuple(value);
    const inner = indent + 1;
    const parts = value.map((v, i) => format(v, inner, i === value.length - 1 ? allowance + 1 : 1));
    const close = tuple ? (value.length === 1 ? ',)' : ')') : ']';
    return `${tuple ? '(' : '['}${parts.join(`,\n${' '.repeat(inner)}`)}${close}`;
  }
  return rep;
}

/** pprint.pformat(value). */
export function pformat(value: unknown): string {
  return format(value, 0, 0);
}
