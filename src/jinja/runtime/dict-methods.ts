/** Python's dict methods on Maps (template-made dicts) and plain host objects. */
import { splitArgs } from './call-args.js';
import { keyError, typeError, valueError } from './errors.js';
import { hashableKey } from './hashable.js';
import { iterate } from './iterate.js';
import { hashKey, isMapping, makeTuple, makeView, mappingEntries, mappingGet, mappingHas, pyRepr } from './values.js';


type Dict = Map<unknown, unknown> | Record<string, unknown>;
type DictMethod = (dict: Dict, args: unknown[], kwargs: Record<string, unknown>) => unknown;

function set(dict: Dict, key: unknown, value: unknown): void {
  if (dict instanceof Map) dict.set(hashableKey(key), value);
  else dict[String(key)] = value;
}

function remove(dict: Dict, key: unknown): void {
  if (dict instanceof Map) dict.delete(hashKey(key));
  else delete dict[String(key)];
}

/** Python's dict.update(other, **kwargs) on either dict representation. */
export function updateDict(dict: Dict, other: unknown, kwargs: Record<string, unknown>): void {
  if (other !== undefined && other !== null) {
    if (isMapping(other)) for (const [k, v] of mappingEntries(other)) set(dict, k, v);
    else {
      let i = 0;
      for (const pair of iterate(other)) {
        const items = [...iterate(pair)];
        if (items.length !== 2) {
          throw valueError(`dictionary update sequence element #${i} has length ${items.length}; 2 is required`);
        }
        set(dict, items[0], items[1]);
        i++;
      }
    }
  } else if (other === null) throw typeError("'NoneType' object is not iterable");
  for (const k in kwargs) set(dict, k, kwargs[k]);
}

const dictMethods: Record<string, DictMethod> = {
  items: (d) => makeView('dict_items', mappingEntries(d).map((e) => makeTuple(e))),
  keys: (d) => makeView('dict_keys', d instanceof Map ? [...d.keys()] : Object.keys(d)),
  values: (d) => makeView('dict_values', d instanceof Map ? [...d.values()] : Object.values(d)),
  get: (d, a) => (mappingHas(d, a[0]) ? mappingGet(d, a[0]) : (a[1] ?? null)),
  update: (d, a, k) => {
    updateDict(d, a[0], k);
    return null;
  },
  pop: (d, a) => {
    if (mappingHas(d, a[0])) {
      const value = mappingGet(d, a[0]);
      remove(d, a[0]);
      return value;
    }
    if (a.length > 1) return a[1];
    throw keyError(pyRepr(a[0]));
  },
  popitem: (d) => {
    const entries = mappingEntries(d);
    if (!entries.length) throw keyError("'popitem(): dictionary is empty'");
    const [k, v] = entries[entries.length - 1]!;
    remove(d, k);
    return makeTuple([k, v]);
  },
  setdefault: (d, a) => {
    if (mappingHas(d, a[0])) return mappingGet(d, a[0]);
    const value = a[1] ?? null;
    set(d, a[0], value);
    return value;
  },
  copy: (d) => (d instanceof Map ? new Map(d) : { ...d }),
  clear: (d) => {
    if (d instanceof Map) d.clear();
    else for (const k of Object.keys(d)) delete d[k];
    return null;
  },
};

/** True when `name` is a dict method (so `d.items` is the method even if the dict has a key 'items'). */
export function isDictMethod(name: string): boolean {
  return Object.hasOwn(dictMethods, name);
}

/** The dict method `name` bound to `dict`, or undefined. */
export function dictMethod(dict: Dict, name: string): ((...args: unknown[]) => unknown) | undefined {
  if (!Object.hasOwn(dictMethods, name)) return undefined;
  const method = dictMethods[name]!;
  return (...raw: unknown[]) => {
    const [args, kwargs] = splitArgs(raw);
    if (name === 'get' && args.length === 0) throw typeError(`get expected at least 1 argument, got 0`);
    return method(dict, args, kwargs);
  };
}

