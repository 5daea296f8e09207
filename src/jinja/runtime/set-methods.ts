/** Python's set methods on JS Sets (dbt's `set()` global makes them). */
import { splitArgs } from './call-args.js';
import { keyError, typeError } from './errors.js';
import { iterate } from './iterate.js';
import { setHas } from './operators.js';
import { hashKey, pyRepr } from './values.js';

type SetMethod = (set: Set<unknown>, args: unknown[]) => unknown;

function members(value: unknown): unknown[] {
  return [...iterate(value)].map(hashKey);
}

const setMethods: Record<string, SetMethod> = {
  add: (s, a) => {
    if (!setHas(s, a[0])) s.add(hashKey(a[0]));
    return null;
  },
  discard: (s, a) => {
    s.delete(hashKey(a[0]));
    return null;
  },
  remove: (s, a) => {
    if (!s.delete(hashKey(a[0]))) throw keyError(pyRepr(a[0]));
    return null;
  },
  pop: (s) => {
    for (const x of s) {
      s.delete(x);
      return x;
    }
    throw keyError("'pop from an empty set'");
  },
  update: (s, a) => {
    for (const other of a) for (const x of members(other)) s.add(x);
    return null;
  },
  union: (s, a) => {
    const out = new Set(s);
    for (const other of a) for (const x of members(other)) out.add(x);
    return out;
  },
  intersection: (s, a) => {
    let out = new Set(s);
    for (const other of a) {
      const keep = new Set(members(other));
      out = new Set([...out].filter((x) => keep.has(x)));
    }
    return out;
  },
  difference: (s, a) => {
    const out = new Set(s);
    for (const other of a) for (const x of members(other)) out.delete(x);
    return out;
  },
  symmetric_difference: (s, a) => {
    const other = new Set(members(a[0]));
    const out = new Set<unknown>();
    for (const x of s) if (!other.has(x)) out.add(x);
    for (const x of other) if (!s.has(x)) out.add(x);
    return out;
  },
  issubset: (s, a) => {
    const other = new Set(members(a[0]));
    return [...s].every((x) => other.has(x));
  },
  issuperset: (s, a) => members(a[0]).every((x) => s.has(x)),
  isdisjoint: (s, a) => members(a[0]).every((x) => !s.has(x)),
  copy: (s) => new Set(s),
  clear: (s) => {
    s.clear();
    return null;
  },
};

/** The set method `name` bound to `set`, or undefined. */
export function setMethod(set: Set<unknown>, name: string): ((...args: unknown[]) => unknown) | undefined {
  if (!Object.hasOwn(setMethods, name)) return undefined;
  const method = setMethods[name]!;
  return (...raw: unknown[]) => {
    const [args, kwargs] = splitArgs(raw);
    if (Object.keys(kwargs).length) throw typeError(`${name}() takes no keyword arguments`);
    return method(set, args);
  };
}
