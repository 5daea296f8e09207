/** Python's list (and tuple) methods, mutating the array in place so every reference sees the change. */
import { splitArgs } from './call-args.js';
import { indexError, typeError, valueError } from './errors.js';
import { toList } from './iterate.js';
import { compare, eq } from './operators.js';
import { pyTypeName } from './type-names.js';
import { Kwargs, pyRepr, truthy } from './values.js';

type ListMethod = (list: unknown[], args: unknown[], kwargs: Record<string, unknown>) => unknown;

function index(list: readonly unknown[], raw: unknown, allowEnd: boolean): number {
  if (typeof raw !== 'number' && typeof raw !== 'boolean') {
    throw typeError(`'${pyTypeName(raw)}' object cannot be interpreted as an integer`);
  }
  let i = Number(raw);
  if (i < 0) i += list.length;
  if (allowEnd) return Math.max(0, Math.min(i, list.length));
  return i;
}

/** Sorts in place with Python's `<` (TypeError for unorderable items), stable like Python's sort. */
export function pySort(items: unknown[], keyOf: ((item: unknown) => unknown) | undefined, reverse: boolean): unknown[] {
  const keyed = items.map((item, i) => ({ key: keyOf ? keyOf(item) : item, item, i }));
  keyed.sort((a, b) => {
    const c = compare('<', a.key, b.key) ? -1 : compare('<', b.key, a.key) ? 1 : 0;
    return reverse ? -c : c;
  });
  // A reversed stable sort keeps equal items in original order, as Python's sort(reverse=True) does.
  for (let i = 0; i < keyed.length; i++) items[i] = keyed[i]!.item;
  return items;
}

/** Calls a JS function the way templates call it: positional args then a Kwargs when any. */
export function callValue(fn: unknown, args: unknown[], kwargs?: Record<string, unknown>): unknown {
  if (typeof fn !== 'function') throw typeError(`'${pyTypeName(fn)}' object is not callable`);
  return kwargs && Object.keys(kwargs).length ? fn(...args, new Kwargs(kwargs)) : fn(...args);
}

const tupleMethods: Record<string, ListMethod> = {
  count: (list, a) => list.reduce<number>((n, x) => (eq(x, a[0]) ? n + 1 : n), 0),
  index: (list, a) => {
    const start = a[1] === undefined ? 0 : index(list, a[1], true);
    const end = a[2] === undefined ? list.length : index(list, a[2], true);
    for (let i = start; i < end; i++) if (eq(list[i], a[0])) return i;
    throw valueError(`${pyRepr(a[0])} is not in list`);
  },
};

const listOnlyMethods: Record<string, ListMethod> = {
  append: (list, a) => {
    list.push(a[0]);
    return null;
  },
  extend: (list, a) => {
    list.push(...toList(a[0]));
    return null;
  },
  insert: (list, a) => {
    list.splice(index(list, a[0], true), 0, a[1]);
    return null;
  },
  pop: (list, a) => {
    if (list.length === 0) throw indexError('pop from empty list');
    if (a.length === 0) return list.pop();
    const i = index(list, a[0], false);
    if (i < 0 || i >= list.length) throw indexError('pop index out of range');
    return list.splice(i, 1)[0];
  },
  remove: (list, a) => {
    for (let i = 0; i < list.length; i++) {
      if (eq(list[i], a[0])) {
        list.splice(i, 1);
        return null;
      }
    }
    throw valueError('list.remove(x): x not in list');
  },
  reverse: (list) => {
    list.reverse();
    return null;
  },
  sort: (list, a, k) => {
    if (a.length) throw typeError('sort() takes no positional arguments');
    const key = k.key;
    const keyOf = key === undefined || key === null ? undefined : (item: unknown) => callValue(key, [item]);
    pySort(list, keyOf, truthy(k.reverse));
    return null;
  },
  copy: (list) => [...list],
  clear: (list) => {
    list.length = 0;
    return null;
  },
};

/** The list method `name` bound to `list` (tuples only have count and index), or undefined. */
export function listMethod(list: unknown[], name: string, isTuple: boolean): ((...args: unknown[]) => unknown) | undefined {
  const method = Object.hasOwn(tupleMethods, name)
    ? tupleMethods[name]
    : !isTuple && Object.hasOwn(listOnlyMethods, name)
      ? listOnlyMethods[name]
      : undefined;
  if (!method) return undefined;
  return (...raw: unknown[]) => {
    const [args, kwargs] = splitArgs(raw);
    return method(list, args, kwargs);
  };
}
