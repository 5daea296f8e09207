/**
 * Python's value model as strata's Jinja engine represents it in JavaScript.
 * Every part of src/jinja (evaluator, filters, tests, methods) and every host function
 * speaks these representations:
 *
 *   Python            JavaScript
 *   None              null
 *   True / False      true / false
 *   int               number (always integral)
 *   float             PyFloat (always, even 2.0, so that it prints as Python prints it)
 *   str               string
 *   list              Array
 *   tuple             Array branded by makeTuple() (isTuple() tells)
 *   dict              Map (insertion ordered, like Python's dict); plain JS objects coming from
 *                     the host (config, target, graph, ...) also behave as str-keyed dicts
 *   undefined name    Undefined (renders as '', is falsy, attribute access gives another Undefined)
 *   callable          a JS function: called as fn(...positional, kwargs?) where a trailing
 *                     Kwargs instance carries keyword arguments; may return a Promise
 *
 * Values entering from the host (context, host function results) go through fromHost(), which
 * turns non-integral numbers into PyFloat and JS undefined into None.
 */

/** A Python float. Kept boxed so `2.0` stays a float through arithmetic and printing. */
export class PyFloat {
  constructor(readonly value: number) {}
  valueOf(): number {
    return this.value;
  }
  toString(): string {
    return formatFloat(this.value);
  }
}

/** A name or attribute that does not exist. Renders as '', is falsy, iterates as empty (Jinja2's Undefined). */
export class Undefined {
  constructor(
    readonly name: string,
    /** The full message raised when the value is used (Jinja2's hint / "'dict object' has no attribute 'x'"). */
    readonly hint?: string,
    /** Python exception raised on use: 'UndefinedError' unless the sandbox blocked the access ('SecurityError'). */
    readonly errorType: string = 'UndefinedError',
  ) {}
  toString(): string {
    return '';
  }
  /** The message Jinja2 raises when this value is called, iterated as an object, or has attributes taken. */
  get message(): string {
    return this.hint ?? `'${this.name}' is undefined`;
  }
}

/** Keyword arguments of a call, passed as the last argument to host functions when any were given. */
export class Kwargs {
  constructor(readonly values: Record<string, unknown>) {}
}

const TUPLE = Symbol.for('strata.jinja.tuple');

/** A Python tuple: an array that prints with parentheses and cannot be appended to. */
export type PyTuple = readonly unknown[] & { readonly [TUPLE]: true };

export function makeTuple(items: readonly unknown[]): PyTuple {
  const tuple = [...items];
  Object.defineProperty(tuple, TUPLE, { value: true, enumerable: false });
  return Object.freeze(tuple) as unknown as PyTuple;
}

const FIELDS = Symbol.for('strata.jinja.fields');

/** A namedtuple: a tuple whose items are also attributes (`group.grouper`, `group.list`). */
export function makeNamedTuple(fields: readonly string[], items: readonly unknown[]): PyTuple {
  const tuple = [...items];
  Object.defineProperty(tuple, TUPLE, { value: true, enumerable: false });
  Object.defineProperty(tuple, FIELDS, { value: fields, enumerable: false });
  return Object.freeze(tuple) as unknown as PyTuple;
}

/** The item of a namedtuple called `name`, or undefined when there is no such field. */
export function namedTupleField(value: readonly unknown[], name: string): { value: unknown } | undefined {
  const fields = (value as unknown as Record<symbol, readonly string[] | undefined>)[FIELDS];
  if (!fields) return undefined;
  const i = fields.indexOf(name);
  return i === -1 ? undefined : { value: value[i] };
}

export function isTuple(value: unknown): value is PyTuple {
  return Array.isArray(value) && (value as unknown as Record<symbol, unknown>)[TUPLE] === true;
}

const VIEW = Symbol.for('strata.jinja.view');

/** A snapshot of dict.items()/keys()/values(): a list that prints as Python's view (`dict_items([...])`). */
export function makeView(kind: 'dict_items' | 'dict_keys' | 'dict_values', items: unknown[]): unknown[] {
  Object.defineProperty(items, VIEW, { value: kind, enumerable: false });
  return items;
}

function viewKind(value: readonly unknown[]): string | undefined {
  return (value as unknown as Record<symbol, string | undefined>)[VIEW];
}

export function isUndefined(value: unknown): value is Undefined {
  return value instanceof Undefined || value === undefined;
}

export function isInt(value: unknown): value is number {
  return typeof value === 'number';
}

export function isFloat(value: unknown): value is PyFloat {
  return value instanceof PyFloat;
}

export function isNumber(value: unknown): value is number | PyFloat | boolean {
  return typeof value === 'number' || value instanceof PyFloat || typeof value === 'boolean';
}

/** The JS number behind an int, float or bool. */
export function toNumber(value: number | PyFloat | boolean): number {
  return typeof value === 'boolean' ? (value ? 1 : 0) : typeof value === 'number' ? value : value.value;
}

/** A host object (not array, Map, PyFloat, Undefined, function) used as a str-keyed dict. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value) || value instanceof Map || value instanceof PyFloat || value instanceof Undefined || value instanceof Kwargs)
    return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function isMapping(value: unknown): value is Map<unknown, unknown> | Record<string, unknown> {
  return value instanceof Map || isPlainObject(value);
}

/** [key, value] pairs of a dict, in order. */
export function mappingEntries(value: Map<unknown, unknown> | Record<string, unknown>): [unknown, unknown][] {
  return value instanceof Map ? [...value.entries()] : Object.entries(value);
}

export function mappingHas(value: Map<unknown, unknown> | Record<string, unknown>, key: unknown): boolean {
  if (value instanceof Map) return value.has(hashKey(key));
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(value, key);
}

export function mappingGet(value: Map<unknown, unknown> | Record<string, unknown>, key: unknown): unknown {
  if (value instanceof Map) return value.get(hashKey(key));
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
}

/**
 * The key under which a Python value is stored in a Map. Python's 1 == 1.0 == True hash alike,
 * so numeric keys collapse to their number; strings and other values are used as they are.
 */
export function hashKey(key: unknown): unknown {
  if (key instanceof PyFloat) return Number.isInteger(key.value) ? key.value : key;
  if (typeof key === 'boolean') return key ? 1 : 0;
  if (isTuple(key)) return internTuple(key);
  return key;
}

/** Equal tuples of plain values share one representative, so they find the same Map entry or Set member. */
const internedTuples = new Map<string, PyTuple>();

function internTuple(tuple: PyTuple): PyTuple {
  const signature = tupleSignature(tuple);
  if (signature === undefined) return tuple;
  const known = internedTuples.get(signature);
  if (known) return known;
  internedTuples.set(signature, tuple);
  return tuple;
}

/** A text equal for tuples Python finds equal, or undefined when an item has no such text (compared by identity). */
function tupleSignature(tuple: PyTuple): string | undefined {
  const parts: string[] = [];
  for (const item of tuple) {
    const key = hashKey(item);
    if (key === null) parts.push('N');
    else if (typeof key === 'number') parts.push(`n${key}`);
    else if (key instanceof PyFloat) parts.push(`f${key.value}`);
    else if (typeof key === 'string') parts.push(`s${JSON.stringify(key)}`);
    else if (isTuple(key)) {
      const inner = tupleSignature(key);
      if (inner === undefined) return undefined;
      parts.push(`t${inner}`);
    } else return undefined;
  }
  return `(${parts.join(',')})`;
}

/** Converts a value arriving from TypeScript into the engine's representation (deeply for arrays). */
export function fromHost(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'number') return Number.isInteger(value) ? value : new PyFloat(value);
  if (Array.isArray(value) && !isTuple(value)) {
    let changed = false;
    const out = value.map((item) => {
      const converted = fromHost(item);
      if (converted !== item) changed = true;
      return converted;
    });
    return changed ? out : value;
  }
  return value;
}

/** Converts an engine value to plain JavaScript (PyFloat → number, Map → object, tuple → array). */
export function toHost(value: unknown): unknown {
  if (value instanceof PyFloat) return value.value;
  if (value instanceof Undefined) return undefined;
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) out[String(k)] = toHost(v);
    return out;
  }
  if (Array.isArray(value)) return value.map(toHost);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toHost(v);
    return out;
  }
  return value;
}

/** Python truthiness. */
export function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false) return false;
  if (value === true) return true;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return value.length > 0;
  if (value instanceof PyFloat) return value.value !== 0;
  if (value instanceof Undefined) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof Map) return value.size > 0;
  if (value instanceof Set) return value.size > 0;
  if (isPlainObject(value)) {
    for (const _ in value) return true;
    return false;
  }
  return true;
}

/** Python's repr() of a float: shortest round-trip digits, scientific outside 1e-4 <= |x| < 1e16. */
export function formatFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, expPart] = x.toExponential().split('e');
  const exp = Number(expPart);
  if (exp < -4 || exp >= 16) {
    const digits = mantissa!.includes('.') ? mantissa : mantissa;
    const sign = exp < 0 ? '-' : '+';
    return `${digits}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const fixed = x.toFixed(Math.max(0, (mantissa!.split('.')[1]?.length ?? 0) - exp));
  return fixed.includes('.') ? fixed : `${fixed}.0`;
}

/**
 * An int as Python prints it. ints are JS numbers, exact only up to 2**53; beyond that this prints the
 * exact value of the double (all digits, never JS's exponent form), which is right for powers of two.
 */
export function formatInt(x: number): string {
  return Number.isSafeInteger(x) || !Number.isFinite(x) ? String(x) : BigInt(x).toString();
}

/** Python's repr() of a str. */
export function reprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

/** Python's repr(). */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return formatInt(value);
  if (typeof value === 'string') return reprString(value);
  if (value instanceof PyFloat) return formatFloat(value.value);
  // repr(Undefined()) is 'Undefined', seen when a container holding one is printed.
  if (value instanceof Undefined) return 'Undefined';
  if (isTuple(value)) return value.length === 1 ? `(${pyRepr(value[0])},)` : `(${value.map(pyRepr).join(', ')})`;
  if (Array.isArray(value)) {
    const list = `[${value.map(pyRepr).join(', ')}]`;
    const kind = viewKind(value);
    return kind === undefined ? list : `${kind}(${list})`;
  }
  if (value instanceof Set) return value.size === 0 ? 'set()' : `{${[...value].map(pyRepr).join(', ')}}`;
  if (isMapping(value)) return `{${mappingEntries(value).map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(', ')}}`;
  if (typeof value === 'function') return `<function ${value.name || 'anonymous'}>`;
  const custom = (value as { __repr__?: () => string }).__repr__;
  if (typeof custom === 'function') return custom.call(value);
  return String(value);
}

/** Python's str(): what `{{ value }}` prints. */
export function pyStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Undefined || value === undefined) return '';
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Map) && !(value instanceof Set)) {
    if (value instanceof PyFloat) return formatFloat(value.value);
    const custom = (value as { __str__?: () => string }).__str__;
    if (typeof custom === 'function') return custom.call(value);
    if (!isPlainObject(value) && value.toString !== Object.prototype.toString) return String(value);
  }
  return pyRepr(value);
}
