/** Attribute and item access with Jinja2's sandbox rules: obj.name, obj[key], obj[a:b:c]. */
import { isDictMethod, dictMethod } from './dict-methods.js';
import { valueError } from './errors.js';
import { listMethod } from './list-methods.js';
import { setMethod } from './set-methods.js';
import { callStrMethod, strMethods } from './str-methods.js';
import { objectTypeRepr } from './type-names.js';
import { undefinedError } from './undefined-error.js';
import { PyFloat, Undefined, hashKey, isPlainObject, isTuple, makeTuple, namedTupleField, pyRepr, reprString } from './values.js';

/** A number from the host that is not integral is a Python float; JS undefined is None. */
function hostValue(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? value : new PyFloat(value);
  return value === undefined ? null : value;
}

/** Jinja2's undefined for a missing attribute: "'dict object' has no attribute 'x'". */
export function missingAttribute(obj: unknown, name: string): Undefined {
  return new Undefined(name, `${reprString(objectTypeRepr(obj))} has no attribute ${reprString(name)}`);
}

function missingElement(obj: unknown, key: unknown): Undefined {
  if (typeof key === 'string') return missingAttribute(obj, key);
  return new Undefined(String(key), `${objectTypeRepr(obj)} has no element ${pyRepr(key)}`);
}

/** The sandbox's answer for attributes it refuses: renders '', raises SecurityError when used. */
function unsafe(obj: unknown, name: string): Undefined {
  return new Undefined(
    name,
    `access to attribute ${reprString(name)} of ${reprString(objectTypeRepr(obj).replace(/ object$/, ''))} object is unsafe.`,
    'SecurityError',
  );
}

function isDunder(name: string): boolean {
  return name.length > 4 && name.startsWith('__') && name.endsWith('__');
}

function boundStrMethod(s: string, name: string): (...args: unknown[]) => unknown {
  return (...args: unknown[]) => callStrMethod(s, name, args, getAttr, getItem);
}

function floatAttr(x: number, name: string, obj: unknown): unknown {
  if (name === 'real') return obj;
  if (name === 'imag') return obj instanceof PyFloat ? new PyFloat(0) : 0;
  if (name === 'is_integer' && obj instanceof PyFloat) return () => Number.isInteger(x);
  return undefined;
}

/** obj.name: Python getattr first, then obj[name], as Jinja2's sandboxed getattr does. */
export function getAttr(obj: unknown, name: string): unknown {
  if (typeof obj === 'object' && obj !== null) {
    if (isPlainObject(obj)) {
      if (Object.hasOwn(obj, name)) {
        const value = obj[name];
        if (typeof value === 'function' || !isDictMethod(name)) return hostValue(value);
      }
      if (isDictMethod(name)) return dictMethod(obj, name);
      return isDunder(name) ? unsafe(obj, name) : missingAttribute(obj, name);
    }
    if (obj instanceof Map) {
      if (isDictMethod(name)) return dictMethod(obj, name);
      if (obj.has(name)) return obj.get(name);
      return isDunder(name) ? unsafe(obj, name) : missingAttribute(obj, name);
    }
    if (Array.isArray(obj)) {
      const method = listMethod(obj, name, isTuple(obj));
      if (method) return method;
      const field = namedTupleField(obj, name);
      if (field) return field.value;
      return isDunder(name) ? unsafe(obj, name) : missingAttribute(obj, name);
    }
    if (obj instanceof Undefined) throw undefinedError(obj);
    if (obj instanceof PyFloat) return floatAttr(obj.value, name, obj) ?? missingAttribute(obj, name);
    if (obj instanceof Set) return setMethod(obj, name) ?? missingAttribute(obj, name);
    return instanceAttr(obj, name);
  }
  if (typeof obj === 'string') {
    if (Object.hasOwn(strMethods, name)) return boundStrMethod(obj, name);
    return isDunder(name) ? unsafe(obj, name) : missingAttribute(obj, name);
  }
  if (obj === undefined) throw undefinedError(undefined);
  if (typeof obj === 'number') return floatAttr(obj, name, obj) ?? missingAttribute(obj, name);
  if (typeof obj === 'function') {
    if (name.charCodeAt(0) !== 95 && name !== 'prototype' && (Object.hasOwn(obj, name) || inheritedAttribute(obj, name))) return (obj as unknown as Record<string, unknown>)[name];
    return isDunder(name) ? unsafe(obj, name) : missingAttribute(obj, name);
  }
  return missingAttribute(obj, name);
}

/**
 * Marks an object as a prototype holding the attributes of the functions that inherit from it
 * (macros share their attributes this way instead of each carrying its own copy).
 */
export const FUNCTION_ATTRIBUTES = Symbol('strata.jinja.functionAttributes');

function inheritedAttribute(fn: object, name: string): boolean {
  const proto = Object.getPrototypeOf(fn) as object | null;
  return proto !== null && Object.hasOwn(proto, FUNCTION_ATTRIBUTES) && Object.hasOwn(proto, name);
}

/** Attributes of class instances from the host (Relation, Namespace, Cycler...): methods come bound. */
function instanceAttr(obj: object, name: string): unknown {
  if (!(name in obj)) return missingAttribute(obj, name);
  if (name.charCodeAt(0) === 95 || name === 'constructor') return unsafe(obj, name);
  const value = (obj as Record<string, unknown>)[name];
  if (typeof value === 'function' && !Object.hasOwn(obj, name)) return value.bind(obj);
  return hostValue(value);
}

function sequenceIndex(length: number, key: number | boolean): number {
  const i = typeof key === 'boolean' ? (key ? 1 : 0) : key;
  return i < 0 ? i + length : i;
}

/** obj[key]: Python subscript first, then attribute lookup for str keys, as Jinja2's sandboxed getitem does. */
export function getItem(obj: unknown, key: unknown): unknown {
  if (Array.isArray(obj)) {
    if (typeof key === 'number' || typeof key === 'boolean') {
      const i = sequenceIndex(obj.length, key);
      if (i >= 0 && i < obj.length) return hostValue(obj[i]);
      return missingElement(obj, key);
    }
    if (typeof key === 'string') return getAttr(obj, key);
    return missingElement(obj, key);
  }
  if (obj instanceof Map) {
    const k = hashKey(key);
    if (obj.has(k)) return obj.get(k);
    if (typeof key === 'string') return getAttr(obj, key);
    return missingElement(obj, key);
  }
  if (isPlainObject(obj)) {
    if (typeof key === 'string') {
      if (Object.hasOwn(obj, key)) return hostValue(obj[key]);
      return getAttr(obj, key);
    }
    if (typeof key === 'number' && Object.hasOwn(obj, String(key))) return hostValue(obj[String(key)]);
    return missingElement(obj, key);
  }
  if (typeof obj === 'string') {
    if (typeof key === 'number' || typeof key === 'boolean') {
      const chars = /[\uD800-\uDBFF]/.test(obj) ? [...obj] : obj;
      const i = sequenceIndex(chars.length, key);
      if (i >= 0 && i < chars.length) return chars[i];
      return missingElement(obj, key);
    }
    if (typeof key === 'string') return getAttr(obj, key);
    return missingElement(obj, key);
  }
  if (obj instanceof Undefined || obj === undefined) throw undefinedError(obj as Undefined | undefined);
  if (typeof key === 'string') return getAttr(obj, key);
  const custom = obj !== null && typeof obj === 'object' ? (obj as { __getitem__?: (k: unknown) => unknown }).__getitem__ : undefined;
  if (typeof custom === 'function') return custom.call(obj, key);
  return missingElement(obj, key);
}

function sliceIndex(value: unknown, fallback: number, n: number, lower: number, upper: number): number | undefined {
  if (value === null || value === undefined || value instanceof Undefined) return fallback;
  if (typeof value !== 'number' && typeof value !== 'boolean') return undefined;
  let i = Number(value);
  if (i < 0) {
    i += n;
    if (i < lower) i = lower;
  } else if (i > upper) i = upper;
  return i;
}

/** obj[start:stop:step] on lists, tuples and strings with Python's clamping; Undefined for other values. */
export function slice(obj: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  if (obj instanceof Undefined || obj === undefined) throw undefinedError(obj as Undefined | undefined);
  const isStr = typeof obj === 'string';
  if (!isStr && !Array.isArray(obj)) {
    const shown = `slice(${pyRepr(start ?? null)}, ${pyRepr(stop ?? null)}, ${pyRepr(step ?? null)})`;
    return new Undefined(shown, `${objectTypeRepr(obj)} has no element ${shown}`);
  }
  const items: readonly unknown[] | string = isStr ? (/[\uD800-\uDBFF]/.test(obj) ? [...obj] : obj) : obj;
  const n = items.length;
  const stepValue = step === null || step === undefined || step instanceof Undefined ? 1 : step;
  if (typeof stepValue !== 'number' && typeof stepValue !== 'boolean') return new Undefined('slice', 'slice indices must be integers');
  const st = Number(stepValue);
  if (st === 0) throw valueError('slice step cannot be zero');
  const lower = st > 0 ? 0 : -1;
  const upper = st > 0 ? n : n - 1;
  const a = sliceIndex(start, st > 0 ? lower : upper, n, lower, upper);
  const b = sliceIndex(stop, st > 0 ? upper : lower, n, lower, upper);
  if (a === undefined || b === undefined) return new Undefined('slice', 'slice indices must be integers');
  if (st === 1) {
    if (typeof items === 'string') return items.slice(a, Math.max(a, b));
    const out = items.slice(a, Math.max(a, b));
    return isTuple(obj) ? makeTuple(out) : out;
  }
  const out: unknown[] = [];
  if (st > 0) for (let i = a; i < b; i += st) out.push(items[i]);
  else for (let i = a; i > b; i += st) out.push(items[i]);
  if (isStr) return out.join('');
  return isTuple(obj) ? makeTuple(out) : out;
}
