/** Python's str methods, called on a string value from templates: `'a,b'.split(',')`. */
import { bindArgs, splitArgs } from './call-args.js';
import { typeError, valueError } from './errors.js';
import { strFormat } from './str-format.js';
import { pyTypeName } from './type-names.js';
import { Undefined, isMapping, isTuple, makeTuple } from './values.js';
import { undefinedError } from './undefined-error.js';
import { iterate } from './iterate.js';

type StrMethod = (s: string, args: unknown[], kwargs: Record<string, unknown>) => unknown;

/** Python's whitespace (str.split(), str.strip(), str.isspace()). */
export const PY_SPACE = '\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const SPACE_RUN = new RegExp(`[${PY_SPACE}]+`, 'u');
const LEADING_SPACE = new RegExp(`^[${PY_SPACE}]+`, 'u');
const TRAILING_SPACE = new RegExp(`[${PY_SPACE}]+$`, 'u');
const ALL_SPACE = new RegExp(`^[${PY_SPACE}]+$`, 'u');

function strArg(method: string, value: unknown, argIndex = 1): string {
  if (typeof value === 'string') return value;
  if (value instanceof Undefined) throw undefinedError(value);
  void argIndex;
  throw typeError(`${method}() argument must be str, not ${pyTypeName(value)}`);
}

function intArg(value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Undefined) throw undefinedError(value);
  throw typeError(`'${pyTypeName(value)}' object cannot be interpreted as an integer`);
}

function charsArg(method: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  throw typeError(`${method} arg must be None or str`);
}

function escapeClass(chars: string): string {
  return chars.replace(/[\\\]^-]/g, '\\$&');
}

function stripChars(s: string, chars: string | undefined, left: boolean, right: boolean): string {
  if (chars === undefined) {
    let out = s;
    if (left) out = out.replace(LEADING_SPACE, '');
    if (right) out = out.replace(TRAILING_SPACE, '');
    return out;
  }
  if (chars === '') return s;
  const set = new Set(chars);
  const cps = [...s];
  let start = 0;
  let end = cps.length;
  if (left) while (start < end && set.has(cps[start]!)) start++;
  if (right) while (end > start && set.has(cps[end - 1]!)) end--;
  return cps.slice(start, end).join('');
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** The code-unit offset of code point `index` in `s` (Python indexes strings by code point). */
function unitOffset(s: string, index: number): number {
  let units = 0;
  let points = 0;
  while (points < index && units < s.length) {
    units += (s.codePointAt(units) ?? 0) > 0xffff ? 2 : 1;
    points++;
  }
  return units;
}

/** The code-point index of code-unit offset `offset` in `s`. */
function pointIndex(s: string, offset: number): number {
  return SURROGATE.test(s) ? [...s.slice(0, offset)].length : offset;
}

/** Resolves Python's start/end slice arguments (code-point indices) into code-unit offsets of `s`. */
function range(s: string, start: unknown, end: unknown): [number, number] {
  const astral = SURROGATE.test(s);
  const n = astral ? [...s].length : s.length;
  let a = intArg(start, 0);
  let b = intArg(end, n);
  if (a < 0) a = Math.max(0, a + n);
  if (b < 0) b = Math.max(0, b + n);
  a = Math.min(a, n);
  b = Math.min(b, n);
  return astral ? [unitOffset(s, a), unitOffset(s, b)] : [a, b];
}

function split(s: string, sep: unknown, maxsplit: unknown): string[] {
  const max = intArg(maxsplit, -1);
  if (sep === undefined || sep === null) {
    const out: string[] = [];
    let rest = s.replace(LEADING_SPACE, '');
    while (rest) {
      if (max >= 0 && out.length >= max) {
        out.push(rest);
        break;
      }
      const m = SPACE_RUN.exec(rest);
      if (!m) {
        out.push(rest);
        break;
      }
      out.push(rest.slice(0, m.index));
      rest = rest.slice(m.index + m[0].length);
    }
    return out;
  }
  const separator = strArg('split', sep);
  if (separator === '') throw valueError('empty separator');
  if (max < 0) return s.split(separator);
  const out: string[] = [];
  let from = 0;
  while (out.length < max) {
    const at = s.indexOf(separator, from);
    if (at === -1) break;
    out.push(s.slice(from, at));
    from = at + separator.length;
  }
  out.push(s.slice(from));
  return out;
}

function rsplit(s: string, sep: unknown, maxsplit: unknown): string[] {
  const max = intArg(maxsplit, -1);
  if (max < 0) return split(s, sep, -1);
  if (sep === undefined || sep === null) {
    const out: string[] = [];
    let rest = s.replace(TRAILING_SPACE, '');
    while (rest) {
      if (out.length >= max) {
        out.unshift(rest);
        break;
      }
      const m = new RegExp(`[${PY_SPACE}]+(?=[^${PY_SPACE}]*$)`, 'u').exec(rest);
      if (!m) {
        out.unshift(rest);
        break;
      }
      out.unshift(rest.slice(m.index + m[0].length));
      rest = rest.slice(0, m.index);
    }
    return out;
  }
  const separator = strArg('rsplit', sep);
  if (separator === '') throw valueError('empty separator');
  const out: string[] = [];
  let end = s.length;
  while (out.length < max) {
    const at = s.lastIndexOf(separator, end - separator.length);
    if (at === -1 || end - separator.length < 0) break;
    out.unshift(s.slice(at + separator.length, end));
    end = at;
  }
  out.unshift(s.slice(0, end));
  return out;
}

function isCased(ch: string): boolean {
  return ch.toLowerCase() !== ch.toUpperCase();
}

/** Python's str.title(): a letter after a non-cased character starts a word. */
export function pyTitle(s: string): string {
  let out = '';
  let prevCased = false;
  for (const ch of s) {
    const cased = isCased(ch);
    out += cased ? (prevCased ? ch.toLowerCase() : ch.toUpperCase()) : ch;
    prevCased = cased;
  }
  return out;
}

/** Python's str.capitalize(). */
export function pyCapitalize(s: string): string {
  if (!s) return s;
  const first = String.fromCodePoint(s.codePointAt(0)!);
  return first.toUpperCase() + s.slice(first.length).toLowerCase();
}

/** Python's str.center(width, fillchar). */
export function pyCenter(s: string, width: number, fill = ' '): string {
  const len = [...s].length;
  const marg = width - len;
  if (marg <= 0) return s;
  const left = Math.floor(marg / 2) + (marg & width & 1);
  return fill.repeat(left) + s + fill.repeat(marg - left);
}

function fillArg(value: unknown): string {
  if (value === undefined) return ' ';
  if (typeof value !== 'string' || [...value].length !== 1) {
    throw typeError('The fill character must be exactly one character long');
  }
  return value;
}

function countOf(s: string, sub: string): number {
  if (sub === '') return [...s].length + 1;
  let n = 0;
  for (let i = s.indexOf(sub); i !== -1; i = s.indexOf(sub, i + sub.length)) n++;
  return n;
}

function affixMatch(method: string, s: string, affix: unknown, test: (x: string) => boolean): boolean {
  if (typeof affix === 'string') return test(affix);
  if (isTuple(affix)) {
    return affix.some((a) => {
      if (typeof a !== 'string') throw typeError(`tuple for ${method} must only contain str, not ${pyTypeName(a)}`);
      return test(a);
    });
  }
  throw typeError(`${method} first arg must be str or a tuple of str, not ${pyTypeName(affix)}`);
}

const LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/g;

function splitlines(s: string, keepends: unknown): string[] {
  const out: string[] = [];
  let last = 0;
  for (const m of s.matchAll(LINE_BREAK)) {
    out.push(s.slice(last, keepends ? m.index! + m[0].length : m.index));
    last = m.index! + m[0].length;
  }
  if (last < s.length) out.push(s.slice(last));
  return out;
}

function replace(s: string, old: string, replacement: string, count: number): string {
  if (count < 0) {
    if (old === '') return [...s].length === 0 ? replacement : replacement + [...s].join(replacement) + replacement;
    return s.split(old).join(replacement);
  }
  let out = '';
  let rest = s;
  let n = 0;
  if (old === '') {
    const cps = [...s];
    for (let i = 0; i <= cps.length; i++) {
      if (n < count) {
        out += replacement;
        n++;
      }
      if (i < cps.length) out += cps[i];
    }
    return out;
  }
  while (n < count) {
    const at = rest.indexOf(old);
    if (at === -1) break;
    out += rest.slice(0, at) + replacement;
    rest = rest.slice(at + old.length);
    n++;
  }
  return out + rest;
}

function zfill(s: string, width: number): string {
  const len = [...s].length;
  if (len >= width) return s;
  const sign = s[0] === '+' || s[0] === '-' ? s[0] : '';
  return sign + '0'.repeat(width - len) + s.slice(sign.length);
}

function find(s: string, args: unknown[], fromRight: boolean): number {
  const sub = strArg(fromRight ? 'rfind' : 'find', args[0]);
  const [a, b] = range(s, args[1], args[2]);
  if (b - a < sub.length) return -1;
  const window = s.slice(a, b);
  const at = fromRight ? window.lastIndexOf(sub) : window.indexOf(sub);
  return at === -1 ? -1 : pointIndex(s, at + a);
}

function joinItems(sep: string, iterable: unknown): string {
  const parts: string[] = [];
  let i = 0;
  for (const item of iterate(iterable)) {
    if (typeof item !== 'string') throw typeError(`sequence item ${i}: expected str instance, ${pyTypeName(item)} found`);
    parts.push(item);
    i++;
  }
  return parts.join(sep);
}

function expandtabs(s: string, tabsize: number): string {
  let out = '';
  let col = 0;
  for (const ch of s) {
    if (ch === '\t') {
      const spaces = tabsize > 0 ? tabsize - (col % tabsize) : 0;
      out += ' '.repeat(spaces);
      col += spaces;
    } else {
      out += ch;
      col = ch === '\n' || ch === '\r' ? 0 : col + 1;
    }
  }
  return out;
}

function partition(s: string, sep: unknown, fromRight: boolean): unknown {
  const separator = strArg(fromRight ? 'rpartition' : 'partition', sep);
  if (separator === '') throw valueError('empty separator');
  const at = fromRight ? s.lastIndexOf(separator) : s.indexOf(separator);
  if (at === -1) return makeTuple(fromRight ? ['', '', s] : [s, '', '']);
  return makeTuple([s.slice(0, at), separator, s.slice(at + separator.length)]);
}

/** Python str methods by name. Attribute and item getters are injected for format()'s field lookups. */
export const strMethods: Record<string, StrMethod> = {
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  casefold: (s) => s.toLowerCase().replace(/ß/g, 'ss'),
  title: (s) => pyTitle(s),
  capitalize: (s) => pyCapitalize(s),
  swapcase: (s) => [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
  strip: (s, a) => stripChars(s, charsArg('strip', a[0]), true, true),
  lstrip: (s, a) => stripChars(s, charsArg('lstrip', a[0]), true, false),
  rstrip: (s, a) => stripChars(s, charsArg('rstrip', a[0]), false, true),
  split: (s, a, k) => split(s, a[0] ?? k.sep, a[1] ?? k.maxsplit),
  rsplit: (s, a, k) => rsplit(s, a[0] ?? k.sep, a[1] ?? k.maxsplit),
  splitlines: (s, a, k) => splitlines(s, a[0] ?? k.keepends),
  replace: (s, a, k) => replace(s, strArg('replace', a[0]), strArg('replace', a[1], 2), intArg(a[2] ?? k.count, -1)),
  startswith: (s, a) => {
    const [from, to] = range(s, a[1], a[2]);
    const window = s.slice(0, to);
    return affixMatch('startswith', s, a[0], (p) => window.startsWith(p, from));
  },
  endswith: (s, a) => {
    const [from, to] = range(s, a[1], a[2]);
    const window = s.slice(from, to);
    return affixMatch('endswith', s, a[0], (p) => window.endsWith(p));
  },
  find: (s, a) => find(s, a, false),
  rfind: (s, a) => find(s, a, true),
  index: (s, a) => {
    const at = find(s, a, false);
    if (at === -1) throw valueError('substring not found');
    return at;
  },
  rindex: (s, a) => {
    const at = find(s, a, true);
    if (at === -1) throw valueError('substring not found');
    return at;
  },
  count: (s, a) => {
    const [from, to] = range(s, a[1], a[2]);
    return countOf(s.slice(from, to), strArg('count', a[0]));
  },
  join: (s, a) => joinItems(s, a[0]),
  zfill: (s, a) => zfill(s, intArg(a[0], 0)),
  center: (s, a) => pyCenter(s, intArg(a[0], 0), fillArg(a[1])),
  ljust: (s, a) => {
    const width = intArg(a[0], 0);
    const len = [...s].length;
    return len >= width ? s : s + fillArg(a[1]).repeat(width - len);
  },
  rjust: (s, a) => {
    const width = intArg(a[0], 0);
    const len = [...s].length;
    return len >= width ? s : fillArg(a[1]).repeat(width - len) + s;
  },
  partition: (s, a) => partition(s, a[0], false),
  rpartition: (s, a) => partition(s, a[0], true),
  removeprefix: (s, a) => {
    const p = strArg('removeprefix', a[0]);
    return p && s.startsWith(p) ? s.slice(p.length) : s;
  },
  removesuffix: (s, a) => {
    const p = strArg('removesuffix', a[0]);
    return p && s.endsWith(p) ? s.slice(0, -p.length) : s;
  },
  expandtabs: (s, a, k) => expandtabs(s, intArg(a[0] ?? k.tabsize, 8)),
  isdigit: (s) => /^[\p{Nd}\u00b2\u00b3\u00b9\u2070-\u2079\u2080-\u2089]+$/u.test(s),
  isdecimal: (s) => /^\p{Nd}+$/u.test(s),
  isnumeric: (s) => /^[\p{Nd}\p{Nl}\p{No}]+$/u.test(s),
  isalpha: (s) => /^\p{L}+$/u.test(s),
  isalnum: (s) => /^[\p{L}\p{Nd}\p{Nl}\p{No}]+$/u.test(s),
  isascii: (s) => /^[\x00-\x7f]*$/.test(s),
  isspace: (s) => ALL_SPACE.test(s),
  isupper: (s) => s.toUpperCase() === s && s.toLowerCase() !== s,
  islower: (s) => s.toLowerCase() === s && s.toUpperCase() !== s,
  istitle: (s) => /\p{L}/u.test(s) && pyTitle(s) === s && [...s].some(isCased),
  isidentifier: (s) => /^[\p{L}_][\p{L}\p{N}_]*$/u.test(s),
  isprintable: (s) => !/[\p{C}\p{Z}]/u.test(s.replace(/ /g, '')),
  encode: (s) => s,
  format: () => {
    throw new Error('str.format is bound in access.ts');
  },
  format_map: () => {
    throw new Error('str.format_map is bound in access.ts');
  },
};

/** A str method's parameters as CPython declares them: names, how many are required, whether keywords are accepted. */
interface StrSignature {
  readonly params: readonly string[];
  readonly required: number;
  readonly keywords: boolean;
}

const NO_PARAMS: StrSignature = { params: [], required: 0, keywords: false };
const positional = (required: number, ...params: string[]): StrSignature => ({ params, required, keywords: false });
const keyword = (...params: string[]): StrSignature => ({ params, required: 0, keywords: true });
const SUB_START_END = positional(1, 'sub', 'start', 'end');

const STR_SIGNATURES: Record<string, StrSignature> = {
  strip: positional(0, 'chars'),
  lstrip: positional(0, 'chars'),
  rstrip: positional(0, 'chars'),
  split: keyword('sep', 'maxsplit'),
  rsplit: keyword('sep', 'maxsplit'),
  splitlines: keyword('keepends'),
  replace: positional(2, 'old', 'new', 'count'),
  startswith: SUB_START_END,
  endswith: SUB_START_END,
  find: SUB_START_END,
  rfind: SUB_START_END,
  index: SUB_START_END,
  rindex: SUB_START_END,
  count: SUB_START_END,
  join: positional(1, 'iterable'),
  zfill: positional(1, 'width'),
  center: positional(1, 'width', 'fillchar'),
  ljust: positional(1, 'width', 'fillchar'),
  rjust: positional(1, 'width', 'fillchar'),
  partition: positional(1, 'sep'),
  rpartition: positional(1, 'sep'),
  removeprefix: positional(1, 'prefix'),
  removesuffix: positional(1, 'suffix'),
  expandtabs: keyword('tabsize'),
  encode: keyword('encoding', 'errors'),
};

/** Python's TypeError for a str method called with arguments its signature does not take. */
function checkStrArity(name: string, args: readonly unknown[], kwargs: Record<string, unknown>): void {
  const sig = STR_SIGNATURES[name] ?? NO_PARAMS;
  const keys = Object.keys(kwargs);
  if (sig.params.length === 0 && (args.length || keys.length)) throw typeError(`str.${name}() takes no arguments (${args.length + keys.length} given)`);
  if (!sig.keywords && keys.length) throw typeError(`str.${name}() takes no keyword arguments`);
  if (sig.keywords) {
    bindArgs(name, sig.params, args, kwargs);
    return;
  }
  if (args.length > sig.params.length) throw typeError(`${name} expected at most ${sig.params.length} argument${sig.params.length === 1 ? '' : 's'}, got ${args.length}`);
  if (args.length < sig.required) throw typeError(`${name} expected at least ${sig.required} argument${sig.required === 1 ? '' : 's'}, got ${args.length}`);
}

/** Calls a str method with the call's raw arguments (trailing Kwargs allowed). */
export function callStrMethod(
  s: string,
  name: string,
  rawArgs: unknown[],
  getAttr: (obj: unknown, name: string) => unknown,
  getItem: (obj: unknown, key: unknown) => unknown,
): unknown {
  const [args, kwargs] = splitArgs(rawArgs);
  if (name === 'format') return strFormat(s, args, kwargs, getAttr, getItem);
  if (name === 'format_map') {
    if (!isMapping(args[0])) throw typeError(`'${pyTypeName(args[0])}' object is not subscriptable`);
    return strFormat(s, [], args[0], getAttr, getItem);
  }
  checkStrArity(name, args, kwargs);
  return strMethods[name]!(s, args, kwargs);
}

