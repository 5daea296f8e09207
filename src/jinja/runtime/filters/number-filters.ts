/** Jinja2's numeric filters: abs, int, float, round. */
import { filterArgumentError, typeError } from '../errors.js';
import { fixedDigits } from '../number-format.js';
import { pyTypeName } from '../type-names.js';
import type { Filter } from '../types.js';
import { undefinedError } from '../undefined-error.js';
import { PyFloat, Undefined } from '../values.js';
import { filterArgs } from './filter-args.js';

const FLOAT_TEXT = /^[-+]?((\d(_?\d)*)?\.?\d(_?\d)*([eE][-+]?\d(_?\d)*)?|\d(_?\d)*\.|inf|infinity|nan)$/i;

/** Python's float(str), or undefined when Python raises ValueError. */
export function parsePyFloat(text: string): number | undefined {
  const s = text.trim();
  if (!FLOAT_TEXT.test(s)) return undefined;
  const lower = s.toLowerCase().replace(/_/g, '');
  if (lower.endsWith('inf') || lower.endsWith('infinity')) return lower.startsWith('-') ? -Infinity : Infinity;
  if (lower.endsWith('nan')) return NaN;
  return Number(lower);
}

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Python's int(str, base), or undefined when Python raises ValueError. */
export function parsePyInt(text: string, base: number): number | undefined {
  let s = text.trim().toLowerCase();
  let sign = 1;
  if (s[0] === '+' || s[0] === '-') {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  let b = base;
  const prefix = /^0([box])/.exec(s);
  if (prefix) {
    const pb = prefix[1] === 'b' ? 2 : prefix[1] === 'o' ? 8 : 16;
    if (b === 0 || b === pb) {
      b = pb;
      s = s.slice(2).replace(/^_/, '');
    }
  }
  if (b === 0) {
    if (/^0+(_?0)*$/.test(s)) return 0;
    if (s[0] === '0') return undefined;
    b = 10;
  }
  if (!s || s.startsWith('_') || s.endsWith('_') || s.includes('__')) return undefined;
  let n = 0;
  for (const ch of s) {
    if (ch === '_') continue;
    const d = DIGITS.indexOf(ch);
    if (d === -1 || d >= b) return undefined;
    n = n * b + d;
  }
  return sign * n;
}

function toInt(value: unknown, base: number): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof PyFloat) return Number.isFinite(value.value) ? Math.trunc(value.value) : undefined;
  if (typeof value === 'string') {
    const n = parsePyInt(value, base);
    if (n !== undefined) return n;
    const f = parsePyFloat(value);
    return f !== undefined && Number.isFinite(f) ? Math.trunc(f) : undefined;
  }
  return undefined;
}

function toFloat(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof PyFloat) return value.value;
  if (typeof value === 'string') return parsePyFloat(value);
  return undefined;
}

/** Python's round(x, n) on floats: half to even on the exact binary value. */
export function roundFloat(x: number, precision: number): number {
  if (!Number.isFinite(x)) return x;
  if (precision >= 0) {
    const rounded = Number(fixedDigits(x, Math.min(precision, 340)));
    return x < 0 || Object.is(x, -0) ? -rounded : rounded;
  }
  const factor = 10 ** -precision;
  const q = x / factor;
  let r = Math.round(q);
  if (Math.abs(q % 1) === 0.5 && r % 2 !== 0) r -= 1;
  return r * factor;
}

function roundInt(x: number, precision: number): number {
  if (precision >= 0) return x;
  return roundFloat(x, precision);
}

/** Filters on numbers, by name. */
export const numberFilters: Record<string, Filter> = {
  abs: (_c, v) => {
    if (typeof v === 'number') return Math.abs(v);
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (v instanceof PyFloat) return new PyFloat(Math.abs(v.value));
    if (v instanceof Undefined) throw undefinedError(v);
    throw typeError(`bad operand type for abs(): '${pyTypeName(v)}'`);
  },
  int: (_c, v, a, k) => {
    const [fallback = 0, base = 10] = filterArgs('do_int', ['default', 'base'], a, k);
    // int(Undefined) and float(Undefined) raise: Undefined's __int__ and __float__ fail.
    if (v instanceof Undefined) throw undefinedError(v);
    const n = toInt(v, typeof v === 'string' ? Number(base) : 10);
    return n === undefined ? fallback : n;
  },
  float: (_c, v, a, k) => {
    const [fallback = new PyFloat(0)] = filterArgs('do_float', ['default'], a, k);
    if (v instanceof Undefined) throw undefinedError(v);
    const n = toFloat(v);
    return n === undefined ? fallback : new PyFloat(n);
  },
  round: (_c, v, a, k) => {
    const [precisionArg = 0, method = 'common'] = filterArgs('do_round', ['precision', 'method'], a, k);
    if (method !== 'common' && method !== 'ceil' && method !== 'floor') {
      throw filterArgumentError('method must be common, ceil or floor');
    }
    if (typeof v !== 'number' && typeof v !== 'boolean' && !(v instanceof PyFloat)) {
      throw typeError(`type ${v instanceof Undefined ? 'Undefined' : pyTypeName(v)} doesn't define __round__ method`);
    }
    const x = typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'number' ? v : v.value;
    if (method === 'common') {
      // Python's round(value, precision): None means round to an int; anything else must be an int.
      if (precisionArg === null) return v instanceof PyFloat ? roundFloat(x, 0) : x;
      if (typeof precisionArg !== 'number' && typeof precisionArg !== 'boolean') {
        throw typeError(`'${pyTypeName(precisionArg)}' object cannot be interpreted as an integer`);
      }
      const precision = Number(precisionArg);
      return v instanceof PyFloat ? new PyFloat(roundFloat(x, precision)) : roundInt(x, precision);
    }
    // ceil and floor compute value * 10 ** precision, which takes any number.
    if (typeof precisionArg !== 'number' && typeof precisionArg !== 'boolean' && !(precisionArg instanceof PyFloat)) {
      throw typeError(`unsupported operand type(s) for ** or pow(): 'int' and '${pyTypeName(precisionArg)}'`);
    }
    const scale = 10 ** Number(precisionArg);
    const fn = method === 'ceil' ? Math.ceil : Math.floor;
    return new PyFloat(fn(x * scale) / scale);
  },
};
