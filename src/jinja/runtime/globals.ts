/** The builtin global functions and objects: Jinja2's and dbt's pure (database-free) ones. */
import { hashableKey } from './hashable.js';
import { splitArgs } from './call-args.js';
import { JinjaRuntimeError, MacroReturn, typeError } from './errors.js';
import { Cycler, makeJoiner, makeNamespace } from './namespace.js';
import { pyTypeName } from './type-names.js';
import { toList } from './iterate.js';
import { makeTuple, truthy } from './values.js';
import { lipsum } from './lipsum.js';
import { pyJsonDumps, pyJsonLoads } from './json.js';
import { createDatetimeModule } from './modules/datetime.js';
import { createReModule } from './modules/re.js';
import { createItertoolsModule } from './modules/itertools.js';

/** The sandbox refuses ranges longer than this (Jinja2's MAX_RANGE). */
export const MAX_RANGE = 100000;

function intArg(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  throw typeError(`'${pyTypeName(value)}' object cannot be interpreted as an integer`);
}

/** range(stop) / range(start, stop[, step]) as a list, limited like the sandbox. */
export function pyRange(...raw: unknown[]): number[] {
  const [args] = splitArgs(raw);
  if (args.length === 0) throw typeError('range expected at least 1 argument, got 0');
  if (args.length > 3) throw typeError(`range expected at most 3 arguments, got ${args.length}`);
  let start = 0;
  let stop: number;
  let step = 1;
  if (args.length === 1) stop = intArg(args[0]);
  else {
    start = intArg(args[0]);
    stop = intArg(args[1]);
    if (args.length === 3) step = intArg(args[2]);
  }
  if (step === 0) throw new JinjaRuntimeError('range() arg 3 must not be zero', 'ValueError');
  const count = step > 0 ? Math.max(0, Math.ceil((stop - start) / step)) : Math.max(0, Math.ceil((start - stop) / -step));
  if (count > MAX_RANGE) {
    throw new JinjaRuntimeError(
      `Range too big. The sandbox blocks ranges larger than MAX_RANGE (${MAX_RANGE}).`,
      'OverflowError',
    );
  }
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) out[i] = start + i * step;
  return out;
}

/** dict(**kwargs) / dict(mapping_or_pairs, **kwargs) */
function dict(...raw: unknown[]): Map<unknown, unknown> {
  const [args, kwargs] = splitArgs(raw);
  const out = new Map<unknown, unknown>();
  if (args.length) {
    const source = args[0];
    if (source instanceof Map) for (const [k, v] of source) out.set(k, v);
    else if (source !== null && typeof source === 'object' && !Array.isArray(source)) {
      for (const [k, v] of Object.entries(source)) out.set(k, v);
    } else for (const pair of toList(source)) {
      const [k, v] = toList(pair);
      out.set(hashableKey(k), v);
    }
  }
  for (const k in kwargs) out.set(k, kwargs[k]);
  return out;
}

/** zip(*iterables) as a list of tuples. */
function zip(...raw: unknown[]): unknown[] {
  const [args] = splitArgs(raw);
  const lists = args.map((a) => toList(a));
  const n = lists.length ? Math.min(...lists.map((l) => l.length)) : 0;
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) out.push(makeTuple(lists.map((l) => l[i])));
  return out;
}

function returnValue(...raw: unknown[]): never {
  const [args] = splitArgs(raw);
  throw new MacroReturn(args[0] ?? null);
}

/** dbt's exceptions.raise_compiler_error(msg): fails the compilation with `msg`. */
export function raiseCompilerError(...raw: unknown[]): never {
  const [args, kwargs] = splitArgs(raw);
  const msg = args[0] ?? kwargs.msg;
  throw new JinjaRuntimeError(typeof msg === 'string' ? msg : String(msg), 'CompilerError');
}

/** dbt's tojson(value, default=None, sort_keys=False): Python's json.dumps with default separators. */
function tojson(...raw: unknown[]): string {
  const [args, kwargs] = splitArgs(raw);
  // dbt returns `default` when json.dumps raises; the reference renderer lets the error through, as here.
  return pyJsonDumps(args[0] ?? kwargs.value ?? null, { sortKeys: truthy(args[2] ?? kwargs.sort_keys ?? false) });
}

/** dbt's fromjson(string, default=None): Python's json.loads (dicts come back as dicts, 1.0 as a float). */
function fromjson(...raw: unknown[]): unknown {
  const [args, kwargs] = splitArgs(raw);
  const text = args[0] ?? kwargs.string;
  if (typeof text !== 'string') throw typeError(`the JSON object must be str, bytes or bytearray, not ${pyTypeName(text)}`);
  // dbt returns `default` on invalid JSON; the reference renderer raises JSONDecodeError, as here.
  return pyJsonLoads(text);
}

/** dbt's set(iterable): a Python set (JS Set, members stored by hash key so 1 and 1.0 coincide). */
function pySet(...raw: unknown[]): Set<unknown> {
  const [args] = splitArgs(raw);
  const out = new Set<unknown>();
  if (args.length) {
    for (const item of toList(args[0])) {
      out.add(hashableKey(item));
    }
  }
  return out;
}

/** Fresh builtin globals (fresh so a template cannot leak state into another environment). */
export function createBuiltinGlobals(): Record<string, unknown> {
  return {
    range: pyRange,
    dict,
    lipsum,
    namespace: makeNamespace,
    cycler: (...raw: unknown[]) => new Cycler(splitArgs(raw)[0]),
    joiner: makeJoiner,
    zip,
    return: returnValue,
    tojson,
    fromjson,
    set: pySet,
    log: () => '',
    modules: {
      datetime: createDatetimeModule(),
      re: createReModule(),
      itertools: createItertoolsModule(),
    },
    exceptions: { raise_compiler_error: raiseCompilerError, warn: () => '' },
  };
}
