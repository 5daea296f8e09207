/** The finite parts of Python's itertools, returning lists (Python returns lazy iterators). */
import { splitArgs } from '../call-args.js';
import { valueError } from '../errors.js';
import { toList } from '../iterate.js';
import { callValue } from '../list-methods.js';
import { add, eq } from '../operators.js';
import { makeTuple, truthy } from '../values.js';

function product(lists: unknown[][]): unknown[] {
  let out: unknown[][] = [[]];
  for (const list of lists) {
    const next: unknown[][] = [];
    for (const prefix of out) for (const item of list) next.push([...prefix, item]);
    out = next;
  }
  return out.map((t) => makeTuple(t));
}

function combinations(pool: unknown[], r: number, withReplacement: boolean): unknown[] {
  const out: unknown[] = [];
  const rec = (start: number, acc: unknown[]): void => {
    if (acc.length === r) {
      out.push(makeTuple(acc));
      return;
    }
    for (let i = start; i < pool.length; i++) rec(withReplacement ? i : i + 1, [...acc, pool[i]]);
  };
  if (r >= 0) rec(0, []);
  return out;
}

function permutations(pool: unknown[], r: number): unknown[] {
  const out: unknown[] = [];
  const used = new Array<boolean>(pool.length).fill(false);
  const rec = (acc: unknown[]): void => {
    if (acc.length === r) {
      out.push(makeTuple(acc));
      return;
    }
    for (let i = 0; i < pool.length; i++) {
      if (used[i]) continue;
      used[i] = true;
      rec([...acc, pool[i]]);
      used[i] = false;
    }
  };
  if (r <= pool.length) rec([]);
  return out;
}

/** A fresh `modules.itertools` object. */
export function createItertoolsModule(): Record<string, unknown> {
  const chain = (...raw: unknown[]) => splitArgs(raw)[0].flatMap((it) => [...toList(it)]);
  return {
    chain: Object.assign(chain, { from_iterable: (its: unknown) => toList(its).flatMap((it) => [...toList(it)]) }),
    product: (...raw: unknown[]) => {
      const [args, kwargs] = splitArgs(raw);
      const lists = args.map((a) => toList(a));
      const repeat = Number(kwargs.repeat ?? 1);
      const all: unknown[][] = [];
      for (let i = 0; i < repeat; i++) all.push(...lists);
      return product(all);
    },
    combinations: (...raw: unknown[]) => {
      const [args, kwargs] = splitArgs(raw);
      return combinations(toList(args[0] ?? kwargs.iterable), Number(args[1] ?? kwargs.r), false);
    },
    combinations_with_replacement: (...raw: unknown[]) => {
      const [args, kwargs] = splitArgs(raw);
      return combinations(toList(args[0] ?? kwargs.iterable), Number(args[1] ?? kwargs.r), true);
    },
    permutations: (...raw: unknown[]) => {
      const [args, kwargs] = splitArgs(raw);
      const pool = toList(args[0] ?? kwargs.iterable);
      const r = args[1] ?? kwargs.r;
      return permutations(pool, r === undefined || r === null ? pool.length : Number(r));
    },
    groupby: (...raw: unknown[]) => {
      const [args, kwargs] = splitArgs(raw);
      const key = args[1] ?? kwargs.key;
      const keyOf = key === undefined || key === null ? (x: unknown) => x : (x: unknown) => callValue(key, [x]);
      const out: [unknown, unknown[]][] = [];
      for (const item of toList(args[0] ?? kwargs.iterable)) {
        const k = keyOf(item);
        const last = out[out.length - 1];
        if (last && eq(last[0], k)) last[1].push(item);
        else out.push([k, [item]]);
      }
      return out.map((g) => makeTuple(g));
    },
    islice: (...raw: unknown[]) => {
      const [args] = splitArgs(raw);
      const list = toList(args[0]);
      const num = (v: unknown, d: number) => (v === undefined || v === null ? d : Number(v));
      const [start, stop, step] =
        args.length <= 2 ? [0, num(args[1], list.length), 1] : [num(args[1], 0), num(args[2], list.length), num(args[3], 1)];
      if (step <= 0) throw valueError('Step for islice() must be a positive integer or None.');
      const out: unknown[] = [];
      for (let i = start; i < Math.min(stop, list.length); i += step) out.push(list[i]);
      return out;
    },
    repeat: (...raw: unknown[]) => {
      const [args, kwargs] = splitArgs(raw);
      const times = args[1] ?? kwargs.times;
      if (times === undefined) throw valueError('itertools.repeat without times is infinite');
      return new Array(Math.max(0, Number(times))).fill(args[0] ?? kwargs.object);
    },
    accumulate: (...raw: unknown[]) => {
      const [args, kwargs] = splitArgs(raw);
      const fn = args[1] ?? kwargs.func;
      const out: unknown[] = [];
      let acc: unknown = kwargs.initial;
      if (acc !== undefined && acc !== null) out.push(acc);
      else acc = undefined;
      for (const item of toList(args[0])) {
        acc = acc === undefined ? item : fn ? callValue(fn, [acc, item]) : add(acc, item);
        out.push(acc);
      }
      return out;
    },
    zip_longest: (...raw: unknown[]) => {
      const [args, kwargs] = splitArgs(raw);
      const lists = args.map((a) => toList(a));
      const fill = kwargs.fillvalue ?? null;
      const n = Math.max(0, ...lists.map((l) => l.length));
      const out: unknown[] = [];
      for (let i = 0; i < n; i++) out.push(makeTuple(lists.map((l) => (i < l.length ? l[i] : fill))));
      return out;
    },
    compress: (data: unknown, selectors: unknown) => {
      const s = toList(selectors);
      return toList(data).filter((_, i) => i < s.length && truthy(s[i]));
    },
    takewhile: (pred: unknown, it: unknown) => {
      const out: unknown[] = [];
      for (const item of toList(it)) {
        if (!truthy(callValue(pred, [item]))) break;
        out.push(item);
      }
      return out;
    },
    dropwhile: (pred: unknown, it: unknown) => {
      const list = toList(it);
      let i = 0;
      while (i < list.length && truthy(callValue(pred, [list[i]]))) i++;
      return list.slice(i);
    },
    starmap: (fn: unknown, it: unknown) => toList(it).map((args) => callValue(fn, [...toList(args)])),
  };
}
