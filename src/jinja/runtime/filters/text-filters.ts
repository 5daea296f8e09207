/** Jinja2's filters on strings. */
import { JinjaRuntimeError, filterArgumentError, typeError, valueError } from '../errors.js';
import { escapeHtml, stripTags } from '../html.js';
import { mod } from '../operators.js';
import { pyCapitalize, pyCenter, strMethods } from '../str-methods.js';
import { fixedDigits } from '../number-format.js';
import { pformat } from '../pformat.js';
import { iterate } from '../iterate.js';
import type { Filter } from '../types.js';
import { PyFloat, Undefined, isMapping, makeTuple, mappingEntries, pyStr, reprString, truthy } from '../values.js';
import { filterArgs } from './filter-args.js';
import { undefinedError } from '../undefined-error.js';
import { wrapText } from './wordwrap.js';
import { urlize } from './urlize.js';

function str(value: unknown): string {
  return typeof value === 'string' ? value : pyStr(value);
}

/** markupsafe.escape(): objects with __html__ are already safe. */
export function escapeValue(value: unknown): string {
  if (value !== null && typeof value === 'object') {
    const html = (value as { __html__?: () => string }).__html__;
    if (typeof html === 'function') return html.call(value);
  }
  return escapeHtml(str(value));
}

function intArg(fname: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  throw typeError(`'${fname}' expected an integer`);
}

function indent(value: unknown, args: unknown[], kwargs: Record<string, unknown>): string {
  const [width = 4, first = false, blank = false] = filterArgs('do_indent', ['width', 'first', 'blank'], args, kwargs);
  const indention = typeof width === 'string' ? width : ' '.repeat(intArg('indent', width, 4));
  // Jinja2 appends '\n' to the value, which Undefined refuses.
  if (value instanceof Undefined) throw undefinedError(value);
  const s = `${str(value)}\n`;
  const lines = strMethods.splitlines!(s, [], {}) as string[];
  let rv: string;
  if (truthy(blank)) rv = lines.join(`\n${indention}`);
  else {
    rv = lines.shift() ?? '';
    if (lines.length) rv += `\n${lines.map((line) => (line ? indention + line : line)).join('\n')}`;
  }
  return truthy(first) ? indention + rv : rv;
}

function truncate(value: unknown, args: unknown[], kwargs: Record<string, unknown>): string {
  const [lengthArg = 255, killwords = false, endArg = '...', leewayArg] = filterArgs(
    'do_truncate',
    ['length', 'killwords', 'end', 'leeway'],
    args,
    kwargs,
  );
  const s = str(value);
  const length = intArg('truncate', lengthArg, 255);
  const end = str(endArg);
  const leeway = leewayArg === undefined || leewayArg === null ? 5 : intArg('truncate', leewayArg, 5);
  const endLen = [...end].length;
  if (length < endLen) throw new JinjaRuntimeError(`expected length >= ${endLen}, got ${length}`, 'AssertionError');
  if (leeway < 0) throw new JinjaRuntimeError(`expected leeway >= 0, got ${leeway}`, 'AssertionError');
  const chars = [...s];
  if (chars.length <= length + leeway) return s;
  const head = chars.slice(0, Math.max(0, length - endLen)).join('');
  if (truthy(killwords)) return head + end;
  const at = head.lastIndexOf(' ');
  return (at === -1 ? head : head.slice(0, at)) + end;
}

/** urllib.parse.quote of UTF-8 bytes; `forQuery` also quotes '/' and turns spaces into '+'. */
export function urlQuote(value: unknown, forQuery: boolean): string {
  const s = str(value);
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9_.~-]/.test(c) || (!forQuery && c === '/')) out += c;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return forQuery ? out.replace(/%20/g, '+') : out;
}

function urlencode(value: unknown): string {
  if (typeof value === 'string' || value === null || typeof value !== 'object' || value instanceof PyFloat) {
    return urlQuote(value, false);
  }
  const pairs = isMapping(value) ? mappingEntries(value) : [...iterate(value)].map((p) => [...iterate(p)]);
  return pairs.map(([k, v]) => `${urlQuote(k, true)}=${urlQuote(v, true)}`).join('&');
}

function filesizeformat(value: unknown, args: unknown[], kwargs: Record<string, unknown>): string {
  const [binary = false] = filterArgs('do_filesizeformat', ['binary'], args, kwargs);
  const bytes = toFloat(value);
  const base = truthy(binary) ? 1024 : 1000;
  const prefixes = truthy(binary)
    ? ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB']
    : ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
  if (bytes === 1) return '1 Byte';
  if (bytes < base) return `${Math.trunc(bytes)} Bytes`;
  let unit = base;
  let prefix = prefixes[0]!;
  for (let i = 0; i < prefixes.length; i++) {
    unit = base ** (i + 2);
    prefix = prefixes[i]!;
    if (bytes < unit) break;
  }
  return `${fixedDigits((base * bytes) / unit, 1)} ${prefix}`;
}

function toFloat(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof PyFloat) return value.value;
  if (typeof value === 'string') {
    const n = Number(value.trim().replace(/_/g, ''));
    if (value.trim() !== '' && !Number.isNaN(n)) return n;
    throw valueError(`could not convert string to float: ${reprString(value)}`);
  }
  throw typeError(`float() argument must be a string or a real number, not '${value instanceof Undefined ? 'Undefined' : typeof value}'`);
}

function xmlattr(value: unknown, args: unknown[], kwargs: Record<string, unknown>): string {
  const [autospace = true] = filterArgs('do_xmlattr', ['autospace'], args, kwargs);
  if (!isMapping(value)) throw typeError(`'${typeof value}' object has no attribute 'items'`);
  const items: string[] = [];
  for (const [key, v] of mappingEntries(value)) {
    if (v === null || v === undefined || v instanceof Undefined) continue;
    const k = str(key);
    if (/[\s/>=]/.test(k)) throw valueError(`Invalid character in attribute name: ${reprString(k)}`);
    items.push(`${escapeHtml(k)}="${escapeValue(v)}"`);
  }
  const rv = items.join(' ');
  return truthy(autospace) && rv ? ` ${rv}` : rv;
}

function jinjaTitle(s: string): string {
  return s
    .split(/([-\s({[<]+)/u)
    .filter(Boolean)
    .map((item) => {
      const first = String.fromCodePoint(item.codePointAt(0)!);
      return first.toUpperCase() + item.slice(first.length).toLowerCase();
    })
    .join('');
}

/** Filters on text, by name. */
export const textFilters: Record<string, Filter> = {
  capitalize: (_c, v) => pyCapitalize(str(v)),
  center: (_c, v, a, k) => {
    const [width = 80] = filterArgs('do_center', ['width'], a, k);
    return pyCenter(str(v), intArg('center', width, 80));
  },
  escape: (_c, v) => escapeValue(v),
  e: (_c, v) => escapeValue(v),
  forceescape: (_c, v) => escapeHtml(str(v)),
  format: (_c, v, a, k) => {
    const hasKw = Object.keys(k).length > 0;
    if (a.length && hasKw) throw filterArgumentError("can't handle positional and keyword arguments at the same time");
    return mod(str(v), hasKw ? new Map(Object.entries(k)) : makeTuple(a));
  },
  indent: (_c, v, a, k) => indent(v, a, k),
  lower: (_c, v) => str(v).toLowerCase(),
  upper: (_c, v) => str(v).toUpperCase(),
  replace: (_c, v, a, k) => {
    const [old, replacement, count] = filterArgs('do_replace', ['old', 'new', 'count'], a, k);
    if (old === undefined || replacement === undefined) throw typeError("do_replace() missing required positional arguments: 'old' and 'new'");
    const args: unknown[] = [str(old), str(replacement)];
    if (count !== undefined && count !== null) args.push(count);
    return strMethods.replace!(str(v), args, {});
  },
  safe: (_c, v) => str(v),
  string: (_c, v) => str(v),
  striptags: (_c, v) => stripTags(str(v)),
  title: (_c, v) => jinjaTitle(str(v)),
  trim: (_c, v, a, k) => {
    const [chars] = filterArgs('do_trim', ['chars'], a, k);
    return strMethods.strip!(str(v), chars === undefined ? [] : [chars], {});
  },
  truncate: (_c, v, a, k) => truncate(v, a, k),
  urlencode: (_c, v) => urlencode(v),
  urlize: (_c, v, a, k) => {
    const [trimUrlLimit, nofollow = false, target, rel] = filterArgs(
      'do_urlize',
      ['trim_url_limit', 'nofollow', 'target', 'rel', 'extra_schemes'],
      a,
      k,
    );
    const relParts = new Set(str(rel ?? '').split(/\s+/).filter(Boolean));
    if (truthy(nofollow)) relParts.add('nofollow');
    relParts.add('noopener');
    const relText = [...relParts].sort().join(' ');
    return urlize(str(v), {
      trimUrlLimit: typeof trimUrlLimit === 'number' ? trimUrlLimit : undefined,
      rel: relText || undefined,
      target: target === undefined || target === null ? undefined : str(target),
    });
  },
  wordcount: (_c, v) => (str(v).match(/[\p{L}\p{N}\p{M}_]+/gu) ?? []).length,
  wordwrap: (_c, v, a, k) => {
    const [width = 79, breakLongWords = true, wrapstring, breakOnHyphens = true] = filterArgs(
      'do_wordwrap',
      ['width', 'break_long_words', 'wrapstring', 'break_on_hyphens'],
      a,
      k,
    );
    const sep = wrapstring === undefined || wrapstring === null ? '\n' : str(wrapstring);
    const lines = strMethods.splitlines!(str(v), [], {}) as string[];
    return lines
      .map((line) => wrapText(line, intArg('wordwrap', width, 79), truthy(breakLongWords), truthy(breakOnHyphens)).join(sep))
      .join(sep);
  },
  xmlattr: (_c, v, a, k) => xmlattr(v, a, k),
  filesizeformat: (_c, v, a, k) => filesizeformat(v, a, k),
  pprint: (_c, v) => pformat(v),
};
