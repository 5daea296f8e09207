/** strftime() and strptime() directives as CPython on Linux (glibc) implements them, for naive datetimes. */
import { valueError } from '../errors.js';
import { reprString } from '../values.js';
import { DAY_NAMES, MONTH_NAMES, daysFromCivil, weekdayOf } from './calendar.js';

export interface DateFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
}

const pad = (n: number, width: number, fill = '0'): string => String(n).padStart(width, fill);

function dayOfYear(f: DateFields): number {
  return daysFromCivil(f.year, f.month, f.day) - daysFromCivil(f.year, 1, 1) + 1;
}

function isoWeek(f: DateFields): [number, number, number] {
  const days = daysFromCivil(f.year, f.month, f.day);
  const wd = weekdayOf(days);
  const thursday = days - wd + 3;
  const thursdayYear = (() => {
    let y = f.year;
    if (thursday < daysFromCivil(y, 1, 1)) y -= 1;
    else if (thursday >= daysFromCivil(y + 1, 1, 1)) y += 1;
    return y;
  })();
  const week = Math.floor((thursday - daysFromCivil(thursdayYear, 1, 1)) / 7) + 1;
  return [thursdayYear, week, wd + 1];
}

function directive(code: string, f: DateFields): string | undefined {
  const days = daysFromCivil(f.year, f.month, f.day);
  const wd = weekdayOf(days);
  switch (code) {
    case 'a':
      return DAY_NAMES[wd]!.slice(0, 3);
    case 'A':
      return DAY_NAMES[wd];
    case 'w':
      return String((wd + 1) % 7);
    case 'u':
      return String(wd + 1);
    case 'd':
      return pad(f.day, 2);
    case 'e':
      return pad(f.day, 2, ' ');
    case 'b':
    case 'h':
      return MONTH_NAMES[f.month - 1]!.slice(0, 3);
    case 'B':
      return MONTH_NAMES[f.month - 1];
    case 'm':
      return pad(f.month, 2);
    case 'y':
      return pad(f.year % 100, 2);
    case 'Y':
      return String(f.year);
    case 'C':
      return pad(Math.floor(f.year / 100), 2);
    case 'H':
      return pad(f.hour, 2);
    case 'k':
      return pad(f.hour, 2, ' ');
    case 'I':
      return pad(f.hour % 12 || 12, 2);
    case 'l':
      return pad(f.hour % 12 || 12, 2, ' ');
    case 'p':
      return f.hour < 12 ? 'AM' : 'PM';
    case 'M':
      return pad(f.minute, 2);
    case 'S':
      return pad(f.second, 2);
    case 'f':
      return pad(f.microsecond, 6);
    case 'z':
    case 'Z':
      return '';
    case 'j':
      return pad(dayOfYear(f), 3);
    case 'U':
      return pad(Math.floor((dayOfYear(f) + 6 - ((wd + 1) % 7)) / 7), 2);
    case 'W':
      return pad(Math.floor((dayOfYear(f) + 6 - wd) / 7), 2);
    case 'G':
      return String(isoWeek(f)[0]);
    case 'V':
      return pad(isoWeek(f)[1], 2);
    case 'c':
      return `${directive('a', f)} ${directive('b', f)} ${directive('e', f)} ${directive('H', f)}:${directive('M', f)}:${directive('S', f)} ${f.year}`;
    case 'x':
      return `${directive('m', f)}/${directive('d', f)}/${directive('y', f)}`;
    case 'X':
    case 'T':
      return `${directive('H', f)}:${directive('M', f)}:${directive('S', f)}`;
    case 'D':
      return `${directive('m', f)}/${directive('d', f)}/${directive('y', f)}`;
    case 'F':
      return `${f.year}-${directive('m', f)}-${directive('d', f)}`;
    case 'R':
      return `${directive('H', f)}:${directive('M', f)}`;
    case 's':
      return String(Math.floor((days * 86400 + f.hour * 3600 + f.minute * 60 + f.second)));
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case '%':
      return '%';
  }
  return undefined;
}

/** Formats fields with a strftime format string. */
export function strftime(f: DateFields, format: string): string {
  return format.replace(/%([-_0^#]?)([a-zA-Z%])/g, (whole, flag: string, code: string) => {
    const value = directive(code, f);
    if (value === undefined) return whole;
    if (flag === '-') return value.replace(/^[0 ]+(?=.)/, '');
    if (flag === '_') return value.replace(/^0+(?=.)/, (z) => ' '.repeat(z.length));
    if (flag === '^') return value.toUpperCase();
    return value;
  });
}

const MONTHS = MONTH_NAMES.map((m) => m.toLowerCase());
const DAYS = DAY_NAMES.map((d) => d.toLowerCase());

const PATTERNS: Record<string, string> = {
  d: '(3[01]|[12]\\d|0[1-9]|[1-9]| [1-9])',
  f: '(\\d{1,6})',
  H: '(2[0-3]|[0-1]\\d|\\d)',
  I: '(1[0-2]|0[1-9]|[1-9])',
  j: '(36[0-6]|3[0-5]\\d|[12]\\d\\d|0[1-9]\\d|00[1-9]|[1-9]\\d|0[1-9]|[1-9])',
  m: '(1[0-2]|0[1-9]|[1-9])',
  M: '([0-5]\\d|\\d)',
  S: '(6[0-1]|[0-5]\\d|\\d)',
  U: '(5[0-3]|[0-4]\\d|\\d)',
  W: '(5[0-3]|[0-4]\\d|\\d)',
  w: '([0-6])',
  u: '([1-7])',
  y: '(\\d\\d)',
  Y: '(\\d\\d\\d\\d)',
  z: '(Z|[+-]\\d\\d(?::?[0-5]\\d(?::?[0-5]\\d(?:\\.\\d{1,6})?)?)|)',
  Z: '(utc|gmt|[a-z]{3,5}|)',
  p: '(am|pm)',
  b: `(${MONTHS.map((m) => m.slice(0, 3)).join('|')})`,
  B: `(${MONTHS.join('|')})`,
  a: `(${DAYS.map((d) => d.slice(0, 3)).join('|')})`,
  A: `(${DAYS.join('|')})`,
  '%': '(%)',
};

/** Parses `text` with a strptime format; raises Python's ValueError messages on mismatch. */
export function strptime(text: string, format: string): DateFields {
  const codes: string[] = [];
  let source = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch === '%' && i + 1 < format.length) {
      const code = format[++i]!;
      const pattern = PATTERNS[code];
      if (!pattern) throw valueError(`'${code}' is a bad directive in format '${format}'`);
      codes.push(code);
      source += pattern;
    } else if (/\s/.test(ch)) {
      source += '\\s+';
      while (i + 1 < format.length && /\s/.test(format[i + 1]!)) i++;
    } else source += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const m = new RegExp(`^${source}`, 'i').exec(text);
  if (!m) throw valueError(`time data ${reprString(text)} does not match format ${reprString(format)}`);
  if (m[0].length !== text.length) throw valueError(`unconverted data remains: ${text.slice(m[0].length)}`);
  const f: DateFields = { year: 1900, month: 1, day: 1, hour: 0, minute: 0, second: 0, microsecond: 0 };
  let pm: boolean | undefined;
  let hour12: number | undefined;
  let yday: number | undefined;
  codes.forEach((code, idx) => {
    const v = m[idx + 1]!;
    switch (code) {
      case 'Y':
        f.year = Number(v);
        break;
      case 'y': {
        const n = Number(v);
        f.year = n < 69 ? 2000 + n : 1900 + n;
        break;
      }
      case 'm':
        f.month = Number(v);
        break;
      case 'b':
      case 'B':
        f.month = MONTHS.findIndex((name) => name.startsWith(v.toLowerCase().slice(0, 3))) + 1;
        break;
      case 'd':
        f.day = Number(v);
        break;
      case 'H':
        f.hour = Number(v);
        break;
      case 'I':
        hour12 = Number(v);
        break;
      case 'p':
        pm = v.toLowerCase() === 'pm';
        break;
      case 'M':
        f.minute = Number(v);
        break;
      case 'S':
        f.second = Math.min(59, Number(v));
        break;
      case 'f':
        f.microsecond = Number(v.padEnd(6, '0'));
        break;
      case 'j':
        yday = Number(v);
        break;
    }
  });
  if (hour12 !== undefined) f.hour = (hour12 % 12) + (pm ? 12 : 0);
  if (yday !== undefined) {
    const days = daysFromCivil(f.year, 1, 1) + yday - 1;
    const date = new Date(days * 86400000);
    f.month = date.getUTCMonth() + 1;
    f.day = date.getUTCDate();
  }
  return f;
}
