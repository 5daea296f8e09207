/** Python's str.format(): replacement fields and the format-spec mini-language. */
import { JinjaRuntimeError, keyError, typeError, valueError } from './errors.js';
import { expDigits, fixedDigits, generalDigits, isNegative } from './number-format.js';
import { pyTypeName } from './type-names.js';
import { PyFloat, formatFloat, mappingGet, mappingHas, pyRepr, pyStr, reprString } from './values.js';

const SPEC = /^(?:(.)?([<>=^]))?([-+ ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/su;

function groupDigits(intPart: string, sep: string, every: number): string {
  let out = '';
  for (let i = intPart.length; i > 0; i -= every) {
    const chunk = intPart.slice(Math.max(0, i - every), i);
    out = out ? `${chunk}${sep}${out}` : chunk;
  }
  return out;
}

function align(body: string, sign: string, fill: string, alignChar: string, width: number): string {
  const len = [...body].length + sign.length;
  if (len >= width) return sign + body;
  const padLen = width - len;
  switch (alignChar) {
    case '<':
      return sign + body + fill.repeat(padLen);
    case '>':
      return fill.repeat(padLen) + sign + body;
    case '^': {
      const left = Math.floor(padLen / 2);
      return fill.repeat(left) + sign + body + fill.repeat(padLen - left);
    }
    default:
      return sign + fill.repeat(padLen) + body;
  }
}

function withGrouping(digits: string, grouping: string | undefined, every = 3): string {
  if (!grouping) return digits;
  const dot = digits.search(/[.e%]/);
  const intPart = dot === -1 ? digits : digits.slice(0, dot);
  if (!/^\d+$/.test(intPart)) return digits;
  return groupDigits(intPart, grouping, every) + (dot === -1 ? '' : digits.slice(dot));
}

function formatNumber(value: number | PyFloat | boolean, spec: RegExpExecArray, raw: string): string {
  const [, fillGiven, alignGiven, signGiven, z, alt, zero, widthText, grouping, precText, typeGiven] = spec;
  let fill = fillGiven ?? ' ';
  let alignChar = alignGiven ?? '>';
  if (zero && !alignGiven) {
    fill = '0';
    alignChar = '=';
  } else if (zero && !fillGiven) fill = '0';
  const width = widthText ? Number(widthText) : 0;
  const isFloat = value instanceof PyFloat;
  const x = typeof value === 'boolean' ? (value ? 1 : 0) : isFloat ? value.value : value;
  let type = typeGiven ?? '';
  if (!isFloat && precText !== undefined && (type === '' || 'bcdoxXn'.includes(type))) {
    throw valueError('Precision not allowed in integer format specifier');
  }
  if (isFloat && 'bcdoxX'.includes(type) && type !== '') {
    throw valueError(`Unknown format code '${type}' for object of type 'float'`);
  }
  let negative = isNegative(x) && !Number.isNaN(x);
  let body: string;
  const prec = precText !== undefined ? Number(precText) : undefined;
  if (!isFloat && (type === '' || type === 'd' || type === 'n')) {
    body = withGrouping(String(Math.abs(x)), grouping);
  } else if (!isFloat && 'bcoxX'.includes(type)) {
    if (type === 'c') body = String.fromCodePoint(x);
    else {
      body = Math.abs(x).toString(type === 'b' ? 2 : type === 'o' ? 8 : 16);
      if (type === 'X') body = body.toUpperCase();
      body = withGrouping(body, grouping, 4);
      if (alt) body = `0${type === 'X' ? 'X' : type}${body}`;
    }
  } else {
    const upper = type === 'E' || type === 'F' || type === 'G';
    const lower = type.toLowerCase();
    if (lower === 'f') body = fixedDigits(x, prec ?? 6) + (alt && prec === 0 ? '.' : '');
    else if (lower === 'e') body = expDigits(x, prec ?? 6, !!alt);
    else if (lower === 'g' || lower === 'n') body = generalDigits(x, prec ?? 6, !!alt);
    else if (type === '%') body = `${fixedDigits(x * 100, prec ?? 6)}%`;
    else if (prec === undefined) body = isFloat ? formatFloat(Math.abs(x)) : String(Math.abs(x));
    else {
      body = generalDigits(x, prec, !!alt);
      if (/^\d+$/.test(body)) body += '.0';
    }
    if (upper) body = body.toUpperCase();
    body = withGrouping(body, grouping);
  }
  if (z && negative && /^[0.]*(e|%|$)/.test(body.replace(/e.*$/, ''))) negative = false;
  const sign = negative ? '-' : signGiven === '+' ? '+' : signGiven === ' ' ? ' ' : '';
  void raw;
  return align(body, sign, fill, alignChar, width);
}

/** Python's format(value, spec). */
export function formatValue(value: unknown, spec: string): string {
  if (spec === '') return pyStr(value);
  const m = SPEC.exec(spec);
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof PyFloat) {
    if (!m) throw valueError('Invalid format specifier');
    return formatNumber(value, m, spec);
  }
  if (typeof value === 'string') {
    if (!m) throw valueError('Invalid format specifier');
    const [, fill, alignChar, sign, , alt, zero, widthText, grouping, precText, type] = m;
    if (type && type !== 's') throw valueError(`Unknown format code '${type}' for object of type 'str'`);
    if (sign) throw valueError('Sign not allowed in string format specifier');
    if (alt) throw valueError('Alternate form (#) not allowed in string format specifier');
    if (grouping) throw valueError(`Cannot specify '${grouping}' with 's'.`);
    if (alignChar === '=') throw valueError("'=' alignment not allowed in string format specifier");
    let body = value;
    if (precText !== undefined) body = [...body].slice(0, Number(precText)).join('');
    return align(body, '', fill ?? (zero ? '0' : ' '), alignChar ?? '<', widthText ? Number(widthText) : 0);
  }
  throw typeError(`unsupported format string passed to ${pyTypeName(value)}.__format__`);
}

type AttrGetter = (obj: unknown, name: string) => unknown;
type ItemGetter = (obj: unknown, key: unknown) => unknown;

interface FieldState {
  auto: number;
  mode: 'none' | 'auto' | 'manual';
}

function resolveField(
  field: string,
  args: readonly unknown[],
  kwargs: Map<unknown, unknown> | Record<string, unknown>,
  state: FieldState,
  getAttr: AttrGetter,
  getItem: ItemGetter,
): unknown {
  const m = /^([^.[]*)(.*)$/s.exec(field)!;
  const first = m[1]!;
  let rest = m[2]!;
  let value: unknown;
  if (first === '') {
    if (state.mode === 'manual') throw valueError('cannot switch from manual field specification to automatic field numbering');
    state.mode = 'auto';
    const index = state.auto++;
    if (index >= args.length) throw new JinjaRuntimeError('tuple index out of range', 'IndexError');
    value = args[index];
  } else if (/^\d+$/.test(first)) {
    if (state.mode === 'auto') throw valueError('cannot switch from automatic field numbering to manual field specification');
    state.mode = 'manual';
    const index = Number(first);
    if (index >= args.length) throw new JinjaRuntimeError('tuple index out of range', 'IndexError');
    value = args[index];
  } else {
    if (!mappingHas(kwargs, first)) throw keyError(reprString(first));
    value = mappingGet(kwargs, first);
  }
  while (rest) {
    const attr = /^\.([^.[]+)/.exec(rest);
    if (attr) {
      value = getAttr(value, attr[1]!);
      rest = rest.slice(attr[0].length);
      continue;
    }
    const item = /^\[([^\]]+)\]/.exec(rest);
    if (item) {
      const key = /^\d+$/.test(item[1]!) ? Number(item[1]) : item[1]!;
      value = getItem(value, key);
      rest = rest.slice(item[0].length);
      continue;
    }
    throw valueError('Only \'.\' or \'[\' may follow \']\' in format field specifier');
  }
  return value;
}

/** Python's str.format(*args, **kwargs) (and format_map when `kwargs` is the mapping). */
export function strFormat(
  format: string,
  args: readonly unknown[],
  kwargs: Map<unknown, unknown> | Record<string, unknown>,
  getAttr: AttrGetter,
  getItem: ItemGetter,
): string {
  const state: FieldState = { auto: 0, mode: 'none' };
  return formatWith(format, args, kwargs, state, getAttr, getItem, 2);
}

function formatWith(
  format: string,
  args: readonly unknown[],
  kwargs: Map<unknown, unknown> | Record<string, unknown>,
  state: FieldState,
  getAttr: AttrGetter,
  getItem: ItemGetter,
  depth: number,
): string {
  if (depth < 0) throw valueError('Max string recursion exceeded');
  let out = '';
  let i = 0;
  const n = format.length;
  while (i < n) {
    const ch = format[i]!;
    if (ch === '}') {
      if (format[i + 1] === '}') {
        out += '}';
        i += 2;
        continue;
      }
      throw valueError("Single '}' encountered in format string");
    }
    if (ch !== '{') {
      out += ch;
      i++;
      continue;
    }
    if (format[i + 1] === '{') {
      out += '{';
      i += 2;
      continue;
    }
    // Find the matching close brace, allowing nested {} inside the format spec.
    let j = i + 1;
    let level = 1;
    let inBracket = false;
    while (j < n) {
      const c = format[j]!;
      if (c === '[') inBracket = true;
      else if (c === ']') inBracket = false;
      else if (!inBracket && c === '{') level++;
      else if (!inBracket && c === '}') {
        level--;
        if (level === 0) break;
      }
      j++;
    }
    if (j >= n) throw valueError(level > 1 ? "expected '}' before end of string" : "Single '{' encountered in format string");
    const inner = format.slice(i + 1, j);
    i = j + 1;
    let fieldEnd = inner.length;
    let bracket = false;
    for (let k = 0; k < inner.length; k++) {
      const c = inner[k];
      if (c === '[') bracket = true;
      else if (c === ']') bracket = false;
      else if (!bracket && (c === '!' || c === ':')) {
        fieldEnd = k;
        break;
      }
    }
    const field = inner.slice(0, fieldEnd);
    let conversion: string | undefined;
    let spec = '';
    let tail = inner.slice(fieldEnd);
    if (tail.startsWith('!')) {
      conversion = tail[1];
      tail = tail.slice(2);
      if (tail !== '' && !tail.startsWith(':')) throw valueError('expected \':\' after conversion specifier');
      if (conversion !== 'r' && conversion !== 's' && conversion !== 'a') {
        throw valueError(`Unknown conversion specifier ${conversion ?? ''}`);
      }
    }
    if (tail.startsWith(':')) spec = tail.slice(1);
    let value = resolveField(field, args, kwargs, state, getAttr, getItem);
    if (conversion === 'r' || conversion === 'a') value = pyRepr(value);
    else if (conversion === 's') value = pyStr(value);
    if (spec.includes('{')) spec = formatWith(spec, args, kwargs, state, getAttr, getItem, depth - 1);
    const custom = value !== null && typeof value === 'object' ? (value as { __format__?: (s: string) => string }).__format__ : undefined;
    out += typeof custom === 'function' ? custom.call(value, spec) : formatValue(value, spec);
  }
  return out;
}

