/** Python iteration and len() over the engine's values. */
import { typeError } from './errors.js';
import { pyTypeName } from './type-names.js';
import { Undefined, isPlainObject } from './values.js';

const EMPTY: readonly unknown[] = Object.freeze([]);
const ASTRAL = /[\uD800-\uDBFF]/;

/** Python's iter(value): list/tuple items, str characters, dict keys, set members; Undefined is empty. */
export function iterate(value: unknown): Iterable<unknown> {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return ASTRAL.test(value) ? [...value] : value.split('');
  if (value instanceof Map) return value.keys();
  if (value instanceof Set) return value;
  if (value instanceof Undefined || value === undefined) return EMPTY;
  if (isPlainObject(value)) return Object.keys(value);
  if (value !== null && typeof value === 'object' && Symbol.iterator in value) return value as Iterable<unknown>;
  throw typeError(`'${pyTypeName(value)}' object is not iterable`);
}

/** iterate() collected into an array (the same array for lists and tuples). */
export function toList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return [...iterate(value)];
}

/** Python's len(value). */
export function length(value: unknown): number {
  if (typeof value === 'string') return ASTRAL.test(value) ? [...value].length : value.length;
  if (Array.isArray(value)) return value.length;
  if (value instanceof Map || value instanceof Set) return value.size;
  if (value instanceof Undefined) return 0;
  if (isPlainObject(value)) return Object.keys(value).length;
  const custom = value !== null && typeof value === 'object' ? (value as { __len__?: () => number }).__len__ : undefined;
  if (typeof custom === 'function') return custom.call(value);
  throw typeError(`object of type '${pyTypeName(value)}' has no len()`);
}
