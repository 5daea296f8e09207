/** Python's rule that dict keys and set members must be hashable: lists, dicts and sets are not. */
import { typeError } from './errors.js';
import { pyTypeName } from './type-names.js';
import { hashKey, isPlainObject, isTuple } from './values.js';

/** The key under which `key` is stored in a Map or Set, or Python's TypeError when it is unhashable. */
export function hashableKey(key: unknown): unknown {
  if ((Array.isArray(key) && !isTuple(key)) || key instanceof Map || key instanceof Set || isPlainObject(key)) {
    throw typeError(`unhashable type: '${pyTypeName(key)}'`);
  }
  if (isTuple(key)) for (const item of key) hashableKey(item);
  return hashKey(key);
}
