/** Jinja2's filters on sequences and mappings. */
import { getAttr } from '../access.js';
import { ignoreCase, makeAttrGetter, makeMultiAttrGetter } from '../attribute-getter.js';
import { filterArgumentError, typeError } from '../errors.js';
import { iterate, length } from '../iterate.js';
import { htmlSafeJsonDumps } from '../json.js';
import { pySort } from '../list-methods.js';
import { mapMaybeAsync, thenMaybe } from '../maybe-async.js';
import { add, compare, eq } from '../operators.js';
import { pyTypeName } from '../type-names.js';
import type { CallContext, Filter } from '../types.js';
import { PyFloat, Undefined, hashKey, isMapping, isTuple, makeNamedTuple, makeTuple, mappingEntries, pyStr, truthy } from '../values.js';
import { filterArgs } from './filter-args.js';
import { undefinedError } from '../undefined-error.js';

function items(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [...iterate(value)];
}

function intArg(fname: string, value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof PyFloat) throw typeError("'float' object cannot be interpreted as an integer");
  throw typeError(`${fname}: '${pyTypeName(value)}' object cannot be interpreted as an integer`);
}

function batch(value: unknown, args: unknown[], kwargs: Record<string, unknown>): unknown[][] {
  const [linecount, fillWith] = filterArgs('do_batch', ['linecount', 'fill_with'], args, kwargs);
  const size = intArg('batch', linecount);
  const out: unknown[][] = [];
  let tmp: unknown[] = [];
  for (const item of iterate(value)) {
    if (tmp.length === size) {
      out.push(tmp);
      tmp = [];
    }
    tmp.push(item);
  }
  if (tmp.length) {
    if (fillWith !== undefined && fillWith !== null) while (tmp.length < size) tmp.push(fillWith);
    out.push(tmp);
  }
  return out;
}

function sliceInto(value: unknown, args: unknown[], kwargs: Record<string, unknown>): unknown[][] {
  const [slicesArg, fillWith] = filterArgs('do_slice', ['slices', 'fill_with'], args, kwargs);
  const seq = [...items(value)];
  const slices = intArg('slice', slicesArg);
  const perSlice = Math.floor(seq.length / slices);
  const withExtra = seq.length % slices;
  let offset = 0;
  const out: unknown[][] = [];
  for (let n = 0; n < slices; n++) {
    const start = offset + n * perSlice;
    if (n < withExtra) offset += 1;
    const end = offset + (n + 1) * perSlice;
    const tmp = seq.slice(start, end);
    if (fillWith !== undefined && fillWith !== null && n >= withExtra) tmp.push(fillWith);
    out.push(tmp);
  }
  return out;
}

function dictsort(value: unknown, args: unknown[], kwargs: Record<string, unknown>): unknown[] {
  const [caseSensitive = false, by = 'key', reverse = false] = filterArgs(
    'do_dictsort',
    ['case_sensitive', 'by', 'reverse'],
    args,
    kwargs,
  );
  // Jinja2 calls value.items(), an attribute Undefined does not give.
  if (value instanceof Undefined) throw undefinedError(value);
  let pos: number;
  if (by === 'key') pos = 0;
  else if (by === 'value') pos = 1;
  else throw filterArgumentError('You can only sort by either "key" or "value"');
  if (!isMapping(value)) throw typeError(`'${pyTypeName(value)}' object has no attribute 'items'`);
  const pairs = mappingEntries(value).map((e) => makeTuple(e));
  const keyOf = (pair: unknown) => {
    const v = (pair as unknown[])[pos];
    return truthy(caseSensitive) ? v : ignoreCase(v);
  };
  return pySort(pairs, keyOf, truthy(reverse));
}

function sortFilter(value: unknown, args: unknown[], kwargs: Record<string, unknown>): unknown[] {
  const [reverse = false, caseSensitive = false, attribute] = filterArgs(
    'do_sort',
    ['reverse', 'case_sensitive', 'attribute'],
    args,
    kwargs,
  );
  const key = makeMultiAttrGetter(attribute ?? null, truthy(caseSensitive) ? undefined : ignoreCase);
  const keyed = attribute === undefined || attribute === null ? (item: unknown) => key(item)[0] : key;
  const getter = attribute === undefined || attribute === null ? (item: unknown) => (truthy(caseSensitive) ? item : ignoreCase(item)) : keyed;
  return pySort([...items(value)], getter, truthy(reverse));
}

/** A hashable stand-in for a value, as Python's set membership needs (unhashable values raise). */
function hashable(value: unknown): unknown {
  if (Array.isArray(value)) {
    if (!isTuple(value)) throw typeError("unhashable type: 'list'");
    return `\u0000tuple:${value.map((v) => String(typeof v) + ':' + String(hashable(v))).join(',')}`;
  }
  if (isMapping(value)) throw typeError("unhashable type: 'dict'");
  if (value instanceof PyFloat) return Number.isInteger(value.value) ? value.value : `\u0000float:${value.value}`;
  return hashKey(value);
}

function unique(value: unknown, args: unknown[], kwargs: Record<string, unknown>): unknown[] {
  const [caseSensitive = false, attribute] = filterArgs('do_unique', ['case_sensitive', 'attribute'], args, kwargs);
  const getter = makeAttrGetter(attribute ?? null, truthy(caseSensitive) ? undefined : ignoreCase);
  const seen = new Set<unknown>();
  const out: unknown[] = [];
  for (const item of iterate(value)) {
    const key = hashable(getter(item));
    if (!seen.has(key)) {
      seen.add(key);
      out.push(item);
    }
  }
  return out;
}

function minMax(value: unknown, args: unknown[], kwargs: Record<string, unknown>, max: boolean): unknown {
  const [caseSensitive = false, attribute] = filterArgs(max ? 'do_max' : 'do_min', ['case_sensitive', 'attribute'], args, kwargs);
  const list = items(value);
  if (!list.length) return new Undefined('max', 'No aggregated item, sequence was empty.');
  const key = makeAttrGetter(attribute ?? null, truthy(caseSensitive) ? undefined : ignoreCase);
  let best = list[0];
  let bestKey = key(best);
  for (let i = 1; i < list.length; i++) {
    const k = key(list[i]);
    if (max ? compare('>', k, bestKey) : compare('<', k, bestKey)) {
      best = list[i];
      bestKey = k;
    }
  }
  return best;
}

function groupby(value: unknown, args: unknown[], kwargs: Record<string, unknown>): unknown[] {
  const [attribute, fallback = null, caseSensitive = false] = filterArgs(
    'do_groupby',
    ['attribute', 'default', 'case_sensitive'],
    args,
    kwargs,
  );
  const expr = makeAttrGetter(attribute, truthy(caseSensitive) ? undefined : ignoreCase, fallback);
  const sorted = pySort([...items(value)], expr, false);
  const groups: [unknown, unknown[]][] = [];
  for (const item of sorted) {
    const key = expr(item);
    const last = groups[groups.length - 1];
    if (last && eq(last[0], key)) last[1].push(item);
    else groups.push([key, [item]]);
  }
  const output = truthy(caseSensitive) ? undefined : makeAttrGetter(attribute, undefined, fallback);
  return groups.map(([key, list]) => makeNamedTuple(['grouper', 'list'], [output ? output(list[0]) : key, list]));
}

function mapFilter(ctx: CallContext, value: unknown, args: unknown[], kwargs: Record<string, unknown>): unknown {
  if (!truthy(value)) return [];
  const list = items(value);
  if (!args.length && 'attribute' in kwargs) {
    const { attribute, default: fallback = null, ...rest } = kwargs;
    const extra = Object.keys(rest);
    if (extra.length) throw filterArgumentError(`Unexpected keyword argument '${extra[0]}'`);
    const getter = makeAttrGetter(attribute, undefined, fallback);
    return list.map(getter);
  }
  if (!args.length) throw filterArgumentError('map requires a filter argument');
  const [name, ...rest] = args;
  return mapMaybeAsync(list, (item) => ctx.callFilter(String(name), item, rest, kwargs));
}

function selectOrReject(
  ctx: CallContext,
  value: unknown,
  args: unknown[],
  kwargs: Record<string, unknown>,
  keep: boolean,
  lookupAttr: boolean,
): unknown {
  if (!truthy(value)) return [];
  const list = items(value);
  let transform = (x: unknown): unknown => x;
  let off = 0;
  if (lookupAttr) {
    if (!args.length) throw filterArgumentError('Missing parameter for attribute name');
    transform = makeAttrGetter(args[0]);
    off = 1;
  }
  const testName = args[off];
  const testArgs = args.slice(off + 1);
  const check =
    args.length > off
      ? (item: unknown) => ctx.callTest(String(testName), transform(item), testArgs, kwargs)
      : (item: unknown) => truthy(transform(item));
  return thenMaybe(mapMaybeAsync(list, check), (results) => list.filter((_, i) => truthy(results[i]) === keep));
}

function sum(value: unknown, args: unknown[], kwargs: Record<string, unknown>): unknown {
  const [attribute, start = 0] = filterArgs('do_sum', ['attribute', 'start'], args, kwargs);
  const getter = attribute === undefined || attribute === null ? undefined : makeAttrGetter(attribute);
  let total = start;
  for (const item of iterate(value)) total = add(total, getter ? getter(item) : item);
  return total;
}

function join(value: unknown, args: unknown[], kwargs: Record<string, unknown>): string {
  const [d = '', attribute] = filterArgs('do_join', ['d', 'attribute'], args, kwargs);
  const getter = attribute === undefined || attribute === null ? undefined : makeAttrGetter(attribute);
  const parts: string[] = [];
  for (const item of iterate(value)) parts.push(pyStr(getter ? getter(item) : item));
  return parts.join(pyStr(d));
}

function attr(value: unknown, args: unknown[], kwargs: Record<string, unknown>): unknown {
  const [name] = filterArgs('do_attr', ['name'], args, kwargs);
  const key = pyStr(name);
  // attr() is getattr() only: a dict's attributes are its methods, never its keys.
  if (isMapping(value)) {
    const method = getAttr(value, key);
    return typeof method === 'function' ? method : new Undefined(key, `'dict object' has no attribute '${key}'`);
  }
  return getAttr(value, key);
}

/** Filters on sequences and mappings, by name. */
export const sequenceFilters: Record<string, Filter> = {
  attr: (_c, v, a, k) => attr(v, a, k),
  batch: (_c, v, a, k) => batch(v, a, k),
  slice: (_c, v, a, k) => sliceInto(v, a, k),
  dictsort: (_c, v, a, k) => dictsort(v, a, k),
  first: (_c, v) => {
    for (const item of iterate(v)) return item;
    return new Undefined('first', 'No first item, sequence was empty.');
  },
  last: (_c, v) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && !isMapping(v) && !(v instanceof Undefined)) {
      throw typeError(`'${pyTypeName(v)}' object is not reversible`);
    }
    const list = items(v);
    return list.length ? list[list.length - 1] : new Undefined('last', 'No last item, sequence was empty.');
  },
  random: (_c, v) => {
    const list = items(v);
    return list.length ? list[Math.floor(Math.random() * list.length)] : new Undefined('random', 'No random item, sequence was empty.');
  },
  groupby: (_c, v, a, k) => groupby(v, a, k),
  items: (_c, v) => {
    if (v instanceof Undefined) return [];
    if (!isMapping(v)) throw typeError('Can only get item pairs from a mapping.');
    return mappingEntries(v).map((e) => makeTuple(e));
  },
  join: (_c, v, a, k) => join(v, a, k),
  length: (_c, v) => length(v),
  count: (_c, v) => length(v),
  list: (_c, v) => [...iterate(v)],
  map: (c, v, a, k) => mapFilter(c, v, a, k),
  max: (_c, v, a, k) => minMax(v, a, k, true),
  min: (_c, v, a, k) => minMax(v, a, k, false),
  select: (c, v, a, k) => selectOrReject(c, v, a, k, true, false),
  reject: (c, v, a, k) => selectOrReject(c, v, a, k, false, false),
  selectattr: (c, v, a, k) => selectOrReject(c, v, a, k, true, true),
  rejectattr: (c, v, a, k) => selectOrReject(c, v, a, k, false, true),
  reverse: (_c, v) => {
    if (typeof v === 'string') return [...v].reverse().join('');
    try {
      return [...items(v)].reverse();
    } catch {
      throw filterArgumentError('argument must be iterable');
    }
  },
  sort: (_c, v, a, k) => sortFilter(v, a, k),
  sum: (_c, v, a, k) => sum(v, a, k),
  unique: (_c, v, a, k) => unique(v, a, k),
  tojson: (_c, v, a, k) => {
    const [indent] = filterArgs('do_tojson', ['indent'], a, k);
    return htmlSafeJsonDumps(v, indent as number | string | null | undefined);
  },
};
