/** Python's printf-style `str % args` formatting. */
import { typeError, valueError, keyError } from './errors.js';
import { expDigits, fixedDigits, generalDigits, isNegative } from './number-format.js';
import { pyTypeName } from './type-names.js';
import { PyFloat, isMapping, isTuple, mappingGet, mappingHas, pyRepr, pyStr, reprString } from './values.js';

const SPEC = /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?[hlL]?(.)?/y;

function numberArg(conv: string, value: unknown, intOnly: boolean): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof PyFloat) {
    if (intOnly) throw typeError(`%${conv} format: an integer is required, not float`);
    return value.value;
  }
  const need = intOnly ? 'an integer is required' : 'a real number is required';
  if (conv === 'c') throw typeError('%c requires int or char');
  throw typeError(`%${conv} format: ${need}, not ${pyTypeName(value)}`);
}

function pad(body: string, sign: string, flags: string, width: number, numeric: boolean): string {
  const len = sign.length + [...body].length;
  if (len >= width) return sign + body;
  if (flags.includes('-')) return sign + body + ' '.repeat(width - len);
  if (numeric && flags.includes('0')) {
    const prefix = /^0[xXo]/.test(body) && flags.includes('#') ? body.slice(0, 2) : '';
    return sign + prefix + '0'.repeat(width - len) + body.slice(prefix.length);
  }
  return ' '.repeat(width - len) + sign + body;
}

function signOf(negative: boolean, flags: string): string {
  if (negative) return '-';
  if (flags.includes('+')) return '+';
  if (flags.includes(' ')) return ' ';
  return '';
}

function convert(conv: string, value: unknown, flags: string, width: number, prec: number | undefined, at: number): string {
  switch (conv) {
    case 's':
    case 'r':
    case 'a': {
      let text = conv === 's' ? pyStr(value) : typeof value === 'string' ? reprString(value) : pyRepr(value);
      if (prec !== undefined) text = [...text].slice(0, prec).join('');
      return pad(text, '', flags.replace('0', ''), width, false);
    }
    case 'd':
    case 'i':
    case 'u': {
      const n = Math.trunc(numberArg(conv, value, false));
      let body = String(Math.abs(n));
      if (prec !== undefined) body = body.padStart(prec, '0');
      return pad(body, signOf(n < 0, flags), flags, width, true);
    }
    case 'x':
    case 'X':
    case 'o': {
      const n = numberArg(conv, value, true);
      let body = Math.abs(n).toString(conv === 'o' ? 8 : 16);
      if (conv === 'X') body = body.toUpperCase();
      if (prec !== undefined) body = body.padStart(prec, '0');
      if (flags.includes('#')) body = (conv === 'o' ? '0o' : conv === 'x' ? '0x' : '0X') + body;
      return pad(body, signOf(n < 0, flags), flags, width, true);
    }
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G': {
      const x = numberArg(conv, value, false);
      const p = prec ?? 6;
      const lower = conv.toLowerCase();
      let body =
        lower === 'f' ? fixedDigits(x, p) : lower === 'e' ? expDigits(x, p, flags.includes('#')) : generalDigits(x, p, flags.includes('#'));
      if (lower === 'f' && p === 0 && flags.includes('#')) body += '.';
      if (conv !== lower) body = body.toUpperCase();
      const finite = Number.isFinite(x);
      return pad(body, signOf(isNegative(x) && !Number.isNaN(x), flags), finite ? flags : flags.replace('0', ''), width, finite);
    }
    case 'c': {
      if (typeof value === 'string') {
        if ([...value].length !== 1) throw typeError('%c requires int or char');
        return pad(value, '', flags, width, false);
      }
      return pad(String.fromCodePoint(numberArg('c', value, true)), '', flags, width, false);
    }
  }
  throw valueError(`unsupported format character '${conv}' (0x${conv.codePointAt(0)!.toString(16)}) at index ${at}`);
}

/** `format % args` with Python's rules for tuples (positional), mappings (`%(name)s`) and single values. */
export function percentFormat(format: string, args: unknown): string {
  const positional = isTuple(args) ? args : [args];
  const mapping = !isTuple(args) && isMapping(args) ? args : undefined;
  let next = 0;
  let out = '';
  let last = 0;
  let usedMapping = false;
  const take = (): unknown => {
    if (next >= positional.length) throw typeError('not enough arguments for format string');
    return positional[next++];
  };
  for (let i = format.indexOf('%'); i !== -1; i = format.indexOf('%', last)) {
    out += format.slice(last, i);
    SPEC.lastIndex = i;
    const m = SPEC.exec(format)!;
    const [whole, key, flags = '', widthText, precText, conv] = m;
    last = i + whole.length;
    if (conv === undefined) throw valueError('incomplete format');
    if (conv === '%' && key === undefined && !flags && !widthText && precText === undefined) {
      out += '%';
      continue;
    }
    let value: unknown;
    let width = 0;
    if (widthText === '*') width = numberArg('*', take(), true);
    else if (widthText) width = Number(widthText);
    let prec: number | undefined;
    if (precText === '*') prec = numberArg('*', take(), true);
    else if (precText !== undefined) prec = precText === '' ? 0 : Number(precText);
    if (conv === '%') {
      out += pad('%', '', flags, width, false);
      continue;
    }
    if (key !== undefined) {
      if (!isMapping(args)) throw typeError('format requires a mapping');
      usedMapping = true;
      if (!mappingHas(args, key)) throw keyError(reprString(key));
      value = mappingGet(args, key);
    } else {
      value = take();
    }
    if (width < 0) {
      width = -width;
      out += convert(conv, value, flags + '-', width, prec, last - 1);
    } else out += convert(conv, value, flags, width, prec, last - 1);
  }
  out += format.slice(last);
  if (!usedMapping && !mapping && next < positional.length) {
    throw typeError('not all arguments converted during string formatting');
  }
  return out;
}
