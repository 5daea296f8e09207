/** Python's operators on the engine's values: arithmetic, comparison, membership. */
import { typeError, zeroDivisionError } from './errors.js';
import { percentFormat } from './percent-format.js';
import { pyTypeName } from './type-names.js';
import { undefinedError } from './undefined-error.js';
import {
  PyFloat,
  Undefined,
  hashKey,
  isMapping,
  isTuple,
  makeTuple,
  mappingEntries,
  mappingGet,
  mappingHas,
  pyStr,
} from './values.js';

type Num = number | PyFloat | boolean;

function isNum(v: unknown): v is Num {
  return typeof v === 'number' || v instanceof PyFloat || typeof v === 'boolean';
}

function num(v: Num): number {
  return typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : v.value;
}

function intLike(v: unknown): v is number | boolean {
  return typeof v === 'number' || typeof v === 'boolean';
}

type Dunder = (this: unknown, other: unknown) => unknown;

/** Python's binary-operator protocol for host objects (dates, timedeltas): a.__op__(b), then b.__rop__(a). */
function dunder(a: unknown, b: unknown, name: string, rname: string): { value: unknown } | undefined {
  if (a !== null && typeof a === 'object') {
    const fn = (a as Record<string, unknown>)[name];
    if (typeof fn === 'function') {
      const value = (fn as Dunder).call(a, b);
      if (value !== NOT_IMPLEMENTED) return { value };
    }
  }
  if (b !== null && typeof b === 'object') {
    const fn = (b as Record<string, unknown>)[rname];
    if (typeof fn === 'function') {
      const value = (fn as Dunder).call(b, a);
      if (value !== NOT_IMPLEMENTED) return { value };
    }
  }
  return undefined;
}

/** Returned by a host object's __add__ & co. when it does not handle the other operand (Python's NotImplemented). */
export const NOT_IMPLEMENTED = Symbol.for('strata.jinja.NotImplemented');

const OP_NAMES: Record<string, [string, string]> = {
  '+': ['__add__', '__radd__'],
  '-': ['__sub__', '__rsub__'],
  '*': ['__mul__', '__rmul__'],
  '/': ['__truediv__', '__rtruediv__'],
  '//': ['__floordiv__', '__rfloordiv__'],
  '%': ['__mod__', '__rmod__'],
  '** or pow()': ['__pow__', '__rpow__'],
};

function unsupported(op: string, a: unknown, b: unknown): unknown {
  const names = OP_NAMES[op];
  if (names) {
    const hooked = dunder(a, b, names[0], names[1]);
    if (hooked) return hooked.value;
  }
  if (a instanceof Undefined) throw undefinedError(a);
  if (b instanceof Undefined) throw undefinedError(b);
  throw typeError(`unsupported operand type(s) for ${op}: '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
}

/** Wraps a JS number result as int or float depending on whether either operand was a float. */
function numeric(a: Num, b: Num, result: number): number | PyFloat {
  return a instanceof PyFloat || b instanceof PyFloat ? new PyFloat(result) : result;
}

/** a + b */
export function add(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (typeof a === 'string') {
    if (typeof b === 'string') return a + b;
    if (b instanceof Undefined) throw undefinedError(b);
    throw typeError(`can only concatenate str (not "${pyTypeName(b)}") to str`);
  }
  if (isNum(a) && isNum(b)) return numeric(a, b, num(a) + num(b));
  if (Array.isArray(a)) {
    if (isTuple(a)) {
      if (isTuple(b)) return makeTuple([...a, ...b]);
      if (!(b instanceof Undefined)) throw typeError(`can only concatenate tuple (not "${pyTypeName(b)}") to tuple`);
    } else if (Array.isArray(b) && !isTuple(b)) return [...a, ...b];
    else if (!(b instanceof Undefined)) throw typeError(`can only concatenate list (not "${pyTypeName(b)}") to list`);
  }
  return unsupported('+', a, b);
}

/** a - b */
export function sub(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (isNum(a) && isNum(b)) return numeric(a, b, num(a) - num(b));
  if (a instanceof Set && b instanceof Set) {
    const out = new Set<unknown>();
    for (const x of a) if (!b.has(x)) out.add(x);
    return out;
  }
  return unsupported('-', a, b);
}

function repeat(seq: string | readonly unknown[], times: number | boolean): unknown {
  const n = typeof times === 'boolean' ? (times ? 1 : 0) : times;
  if (typeof seq === 'string') return n > 0 ? seq.repeat(n) : '';
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) out.push(...seq);
  return isTuple(seq) ? makeTuple(out) : out;
}

/** a * b */
export function mul(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  if (isNum(a) && isNum(b)) return numeric(a, b, num(a) * num(b));
  if (typeof a === 'string' || Array.isArray(a)) {
    if (intLike(b)) return repeat(a as string | unknown[], b);
    if (!(b instanceof Undefined)) throw typeError(`can't multiply sequence by non-int of type '${pyTypeName(b)}'`);
  }
  if (typeof b === 'string' || Array.isArray(b)) {
    if (intLike(a)) return repeat(b as string | unknown[], a);
    if (!(a instanceof Undefined)) throw typeError(`can't multiply sequence by non-int of type '${pyTypeName(a)}'`);
  }
  return unsupported('*', a, b);
}

/** a / b — always a float, as in Python 3. */
export function truediv(a: unknown, b: unknown): unknown {
  if (isNum(a) && isNum(b)) {
    const d = num(b);
    if (d === 0) throw zeroDivisionError(a instanceof PyFloat || b instanceof PyFloat ? 'float division by zero' : 'division by zero');
    return new PyFloat(num(a) / d);
  }
  return unsupported('/', a, b);
}

/** a // b with Python's floor semantics. */
export function floordiv(a: unknown, b: unknown): unknown {
  if (isNum(a) && isNum(b)) {
    const d = num(b);
    const isFloat = a instanceof PyFloat || b instanceof PyFloat;
    if (d === 0) throw zeroDivisionError(isFloat ? 'float floor division by zero' : 'integer division or modulo by zero');
    return numeric(a, b, Math.floor(num(a) / d));
  }
  return unsupported('//', a, b);
}

function pyMod(x: number, d: number): number {
  const r = x % d;
  return r !== 0 && r < 0 !== d < 0 ? r + d : r;
}

/** a % b: modulo with Python's sign rules, or printf-style formatting when a is a str. */
export function mod(a: unknown, b: unknown): unknown {
  if (typeof a === 'string') return percentFormat(a, b);
  if (isNum(a) && isNum(b)) {
    const d = num(b);
    const isFloat = a instanceof PyFloat || b instanceof PyFloat;
    if (d === 0) throw zeroDivisionError(isFloat ? 'float modulo' : 'integer modulo by zero');
    return numeric(a, b, pyMod(num(a), d));
  }
  return unsupported('%', a, b);
}

/** a ** b */
export function pow(a: unknown, b: unknown): unknown {
  if (isNum(a) && isNum(b)) {
    const x = num(a);
    const y = num(b);
    if (x === 0 && y < 0) throw zeroDivisionError('0.0 cannot be raised to a negative power');
    const result = x ** y;
    if (a instanceof PyFloat || b instanceof PyFloat || y < 0) return new PyFloat(result);
    return result;
  }
  return unsupported('** or pow()', a, b);
}

/** -a */
export function neg(a: unknown): unknown {
  if (typeof a === 'number') return a === 0 ? 0 : -a;
  if (typeof a === 'boolean') return a ? -1 : 0;
  if (a instanceof PyFloat) return new PyFloat(-a.value);
  if (a instanceof Undefined) throw undefinedError(a);
  throw typeError(`bad operand type for unary -: '${pyTypeName(a)}'`);
}

/** +a */
export function pos(a: unknown): unknown {
  if (typeof a === 'number' || a instanceof PyFloat) return a;
  if (typeof a === 'boolean') return a ? 1 : 0;
  if (a instanceof Undefined) throw undefinedError(a);
  throw typeError(`bad operand type for unary +: '${pyTypeName(a)}'`);
}

/** Jinja's `~`: both sides converted with str() and joined. */
export function concat(a: unknown, b: unknown): string {
  return (typeof a === 'string' ? a : pyStr(a)) + (typeof b === 'string' ? b : pyStr(b));
}

/** Deep Python ==. */
export function eq(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const ta = typeof a;
  if (ta === 'string' || typeof b === 'string') return false;
  if (isNum(a)) return isNum(b) && num(a) === num(b);
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || isTuple(a) !== isTuple(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!eq(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof Undefined) return b instanceof Undefined;
  if (a instanceof Set) {
    if (!(b instanceof Set) || a.size !== b.size) return false;
    for (const x of a) if (!setHas(b, x)) return false;
    return true;
  }
  if (isMapping(a)) {
    if (!isMapping(b)) return false;
    const ea = mappingEntries(a);
    const size = b instanceof Map ? b.size : Object.keys(b).length;
    if (ea.length !== size) return false;
    for (const [k, v] of ea) {
      if (!mappingHas(b, k) || !eq(v, mappingGet(b, k))) return false;
    }
    return true;
  }
  const custom = (a as { __eq__?: (other: unknown) => boolean }).__eq__;
  if (typeof custom === 'function') return custom.call(a, b);
  return false;
}

/** Python's set membership with 1 == 1.0 == True. */
export function setHas(set: Set<unknown>, item: unknown): boolean {
  return set.has(hashKey(item)) || set.has(item);
}

function lexCompare(a: readonly unknown[], b: readonly unknown[], op: CompareOp): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (!eq(a[i], b[i])) return compare(op, a[i], b[i]);
  }
  return cmpNumbers(op, a.length, b.length);
}

function cmpNumbers(op: CompareOp, x: number | string, y: number | string): boolean {
  switch (op) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
  }
}

function compareStrings(op: CompareOp, a: string, b: string): boolean {
  // JS compares UTF-16 code units; Python compares code points. They differ only for astral characters.
  return cmpNumbers(op, a, b);
}

export type CompareOp = '<' | '<=' | '>' | '>=';

/** a < b, a <= b, a > b, a >= b with Python's TypeError for unorderable types. */
export function compare(op: CompareOp, a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return cmpNumbers(op, a, b);
  if (isNum(a) && isNum(b)) return cmpNumbers(op, num(a), num(b));
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(op, a, b);
  if (Array.isArray(a) && Array.isArray(b) && isTuple(a) === isTuple(b)) return lexCompare(a, b, op);
  if (a instanceof Set && b instanceof Set) {
    const sub = [...a].every((x) => setHas(b, x));
    const sup = [...b].every((x) => setHas(a, x));
    if (op === '<=') return sub;
    if (op === '>=') return sup;
    if (op === '<') return sub && a.size < b.size;
    return sup && a.size > b.size;
  }
  if (a !== null && typeof a === 'object' && typeof (a as { __cmp__?: unknown }).__cmp__ === 'function') {
    const c = (a as { __cmp__: (o: unknown) => number | undefined }).__cmp__(b);
    if (c !== undefined) return cmpNumbers(op, c, 0);
  }
  if (a instanceof Undefined) throw undefinedError(a);
  if (b instanceof Undefined) throw undefinedError(b);
  throw typeError(`'${op}' not supported between instances of '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
}

/** Python's `item in container`. */
export function contains(container: unknown, item: unknown): boolean {
  if (typeof container === 'string') {
    if (typeof item === 'string') return container.includes(item);
    if (item instanceof Undefined) throw undefinedError(item);
    throw typeError(`'in <string>' requires string as left operand, not ${pyTypeName(item)}`);
  }
  if (Array.isArray(container)) {
    if (typeof item === 'string') return container.includes(item);
    for (const x of container) if (eq(x, item)) return true;
    return false;
  }
  if (container instanceof Map) return container.has(hashKey(item));
  if (container instanceof Set) return setHas(container, item);
  if (isMapping(container)) return mappingHas(container, item);
  if (container instanceof Undefined) return false;
  if (container !== null && typeof container === 'object' && Symbol.iterator in container) {
    for (const x of container as Iterable<unknown>) if (eq(x, item)) return true;
    return false;
  }
  throw typeError(`argument of type '${pyTypeName(container)}' is not iterable`);
}
