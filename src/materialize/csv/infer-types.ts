/**
 * Column types of a seed inferred from its values, as dbt-postgres infers them with agate: a number
 * (`integer` without decimals, `float8` with), `date` (`YYYY-MM-DD`), `timestamp without time zone`
 * (`YYYY-MM-DD HH:MM:SS` or ISO 8601 with `T`), `boolean` (`true`/`false`, any case), else `text`.
 * Unlike dbt, integers beyond PostgreSQL's `integer` become `bigint` (then `numeric`) instead of failing to load.
 * Empty and `null` values are NULL; a column of only NULLs is `integer`, as in dbt.
 */

export type InferredKind = 'integer' | 'bigint' | 'numeric' | 'float8' | 'date' | 'timestamp' | 'boolean' | 'text';

/** The SQL type each inferred kind is created as. */
export const inferredSqlType: Readonly<Record<InferredKind, string>> = {
  integer: 'integer',
  bigint: 'bigint',
  numeric: 'numeric',
  float8: 'float8',
  date: 'date',
  timestamp: 'timestamp without time zone',
  boolean: 'boolean',
  text: 'text',
};

/** Whether a raw CSV value means NULL (agate's null values: empty and `null`, any case, surrounding blanks ignored). */
export function isNullValue(raw: string): boolean {
  const text = raw.trim().toLowerCase();
  return text === '' || text === 'null';
}

/** `1,234.5` and `-$3` as agate reads numbers (group commas and a leading currency sign allowed). */
const numberPattern = /^([+-])?[$€£¥]?((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const isoDateTimePattern = /^(\d{4})-?(\d{2})-?(\d{2})T(\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,]\d+)?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** A value written as a number, in the plain form PostgreSQL reads (`1,234` → `1234`, `$5` → `5`), or undefined. */
export function plainNumber(raw: string): string | undefined {
  const text = raw.trim();
  const match = numberPattern.exec(text);
  if (!match) return undefined;
  return text.replace(/[,$€£¥]/g, '').replace(/^\+/, '');
}

/** Whether year-month-day names a real calendar day. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= days;
}

function isTime(hour: number, minute: number, second: number): boolean {
  return hour <= 23 && minute <= 59 && second <= 59;
}

function isDateTimeOf(pattern: RegExp, text: string): boolean {
  const m = pattern.exec(text);
  if (!m) return false;
  return isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3])) && isTime(Number(m[4]), Number(m[5] ?? 0), Number(m[6] ?? 0));
}

function isBoolean(text: string): boolean {
  const lower = text.toLowerCase();
  return lower === 'true' || lower === 'false';
}

const int4Max = 2n ** 31n - 1n;
const int8Max = 2n ** 63n - 1n;

const NUMBER = 1;
const DATE = 2;
const DATE_TIME = 4;
const ISO_DATE_TIME = 8;
const BOOLEAN = 16;
const ALL_KINDS = NUMBER | DATE | DATE_TIME | ISO_DATE_TIME | BOOLEAN;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** `text[from..to)` as a number of digits; -1 when a character is not a digit. */
function digitsAt(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    n = n * 10 + (c - 48);
  }
  return n;
}

const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isCalendarDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  if (month === 2 && day === 29) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= daysInMonth[month - 1]!;
}

/** 1 or 2 digits at `from` followed by `stop` (or the end `to` when stop is -1): the offset of the stop, or -1. */
function smallNumberEnd(text: string, from: number, to: number, stop: number): number {
  let i = from;
  while (i < to && i - from < 2 && isDigit(text.charCodeAt(i))) i++;
  if (i === from) return -1;
  if (stop === -1) return i === to ? i : -1;
  return i < to && text.charCodeAt(i) === stop ? i : -1;
}

/**
 * `YYYY-M-D` at text[from..), ending at `to` or, with `timeStop`, at that character: the offset after the
 * day, or -1 when it is not a real calendar date.
 */
function dateEnd(text: string, from: number, to: number, timeStop: number): number {
  if (to - from < 8 || text.charCodeAt(from + 4) !== 45) return -1;
  const year = digitsAt(text, from, from + 4);
  if (year < 0) return -1;
  const monthEnd = smallNumberEnd(text, from + 5, to, 45);
  if (monthEnd < 0) return -1;
  const dayEnd = smallNumberEnd(text, monthEnd + 1, to, timeStop);
  if (dayEnd < 0) return -1;
  const ok = isCalendarDay(year, digitsAt(text, from + 5, monthEnd), digitsAt(text, monthEnd + 1, dayEnd));
  return ok ? dayEnd : -1;
}

/** `YYYY-MM-DD` at text[from..) written in full (the common case), checked without calls; -1 when not in that form. */
function fullDateAt(text: string, from: number): number {
  if (text.charCodeAt(from + 4) !== 45 || text.charCodeAt(from + 7) !== 45) return -1;
  const y0 = text.charCodeAt(from) - 48;
  const y1 = text.charCodeAt(from + 1) - 48;
  const y2 = text.charCodeAt(from + 2) - 48;
  const y3 = text.charCodeAt(from + 3) - 48;
  const m0 = text.charCodeAt(from + 5) - 48;
  const m1 = text.charCodeAt(from + 6) - 48;
  const d0 = text.charCodeAt(from + 8) - 48;
  const d1 = text.charCodeAt(from + 9) - 48;
  // Every one a digit: (x >>> 0) <= 9 is false for negatives and NaN alike.
  if ((y0 >>> 0) > 9 || (y1 >>> 0) > 9 || (y2 >>> 0) > 9 || (y3 >>> 0) > 9 || (m0 >>> 0) > 9 || (m1 >>> 0) > 9 || (d0 >>> 0) > 9 || (d1 >>> 0) > 9) return -1;
  return isCalendarDay(y0 * 1000 + y1 * 100 + y2 * 10 + y3, m0 * 10 + m1, d0 * 10 + d1) ? 1 : 0;
}

function isDateRange(text: string, from: number, to: number): boolean {
  if (to - from === 10) {
    const full = fullDateAt(text, from);
    if (full >= 0) return full === 1;
  }
  return dateEnd(text, from, to, -1) === to;
}

/** `YYYY-MM-DD HH:MM:SS` written in full: 1 when valid, 0 when not a real date or time, -1 when in another form. */
function fullDateTimeAt(text: string, from: number): number {
  if (text.charCodeAt(from + 10) !== 32 || text.charCodeAt(from + 13) !== 58 || text.charCodeAt(from + 16) !== 58) return -1;
  const date = fullDateAt(text, from);
  if (date <= 0) return date;
  const h0 = text.charCodeAt(from + 11) - 48;
  const h1 = text.charCodeAt(from + 12) - 48;
  const n0 = text.charCodeAt(from + 14) - 48;
  const n1 = text.charCodeAt(from + 15) - 48;
  const s0 = text.charCodeAt(from + 17) - 48;
  const s1 = text.charCodeAt(from + 18) - 48;
  if ((h0 >>> 0) > 9 || (h1 >>> 0) > 9 || (n0 >>> 0) > 9 || (n1 >>> 0) > 9 || (s0 >>> 0) > 9 || (s1 >>> 0) > 9) return -1;
  return isTime(h0 * 10 + h1, n0 * 10 + n1, s0 * 10 + s1) ? 1 : 0;
}

/** `YYYY-M-D H:M:S` (agate's datetime without T) within text[from..to). */
function isDateTimeRange(text: string, from: number, to: number): boolean {
  if (to - from === 19) {
    const full = fullDateTimeAt(text, from);
    if (full >= 0) return full === 1;
  }
  const day = dateEnd(text, from, to, 32);
  if (day < 0) return false;
  const hourEnd = smallNumberEnd(text, day + 1, to, 58);
  if (hourEnd < 0) return false;
  const minuteEnd = smallNumberEnd(text, hourEnd + 1, to, 58);
  if (minuteEnd < 0) return false;
  const secondEnd = smallNumberEnd(text, minuteEnd + 1, to, -1);
  if (secondEnd < 0) return false;
  return isTime(digitsAt(text, day + 1, hourEnd), digitsAt(text, hourEnd + 1, minuteEnd), digitsAt(text, minuteEnd + 1, secondEnd));
}

function isIsoDateTimeRange(text: string, from: number, to: number): boolean {
  // The T sits at offset 8 (basic form), 9 (one dash) or 10 (extended form); anything else fails without a regex.
  if (text.charCodeAt(from + 8) !== 84 && text.charCodeAt(from + 9) !== 84 && text.charCodeAt(from + 10) !== 84) return false;
  return isDateTimeOf(isoDateTimePattern, text.slice(from, to));
}

function isBooleanRange(text: string, from: number, to: number): boolean {
  const length = to - from;
  if (length !== 4 && length !== 5) return false;
  return isBoolean(text.slice(from, to));
}

/** Whether a character may be trimmed by String.prototype.trim (ASCII blanks, or anything non-ASCII to be safe). */
function maybeBlank(c: number): boolean {
  return c <= 32 || c >= 128;
}

/** How a number value reads: plain digits (with an optional `-`), plain with a fraction or exponent, or neither. */
const PLAIN_INTEGER = 1;
const PLAIN_DECIMAL = 2;
const NOT_PLAIN = 0;

/** `-?\d+` → PLAIN_INTEGER, `-?\d+\.\d+` → PLAIN_DECIMAL; anything else (signs, commas, exponents, blanks) → NOT_PLAIN. */
function plainNumberShape(text: string, from: number, to: number): number {
  let i = from;
  if (text.charCodeAt(i) === 45) i++;
  const digitsFrom = i;
  while (i < to && isDigit(text.charCodeAt(i))) i++;
  if (i === digitsFrom) return NOT_PLAIN;
  if (i === to) return PLAIN_INTEGER;
  if (text.charCodeAt(i) !== 46) return NOT_PLAIN;
  i++;
  const fractionFrom = i;
  while (i < to && isDigit(text.charCodeAt(i))) i++;
  return i === to && i > fractionFrom ? PLAIN_DECIMAL : NOT_PLAIN;
}

/**
 * A column's kind worked out value by value (one pass over the file, no copies of the values). Also
 * tracks whether the values reach PostgreSQL unchanged, so the file can be sent to COPY as it is.
 */
export class ColumnKindAccumulator {
  private kinds = ALL_KINDS;
  private values = 0;
  private decimals = false;
  private widestInteger: 'integer' | 'bigint' | 'numeric' = 'integer';
  /** A number needs writing in PostgreSQL's plain form (group commas, currency, `+`). */
  private numberRewrite = false;
  /** A value has blanks around it (trimmed for every kind but text). */
  private blanks = false;

  /** Whether a value (not NULL) has been added. */
  get hasValues(): boolean {
    return this.values > 0;
  }

  /** True once the column can only be text: later values change nothing. */
  get settled(): boolean {
    return this.kinds === 0;
  }

  /** Adds the non-NULL value text[from..to) (already unquoted). */
  add(text: string, from: number, to: number): void {
    if (this.kinds === 0) return;
    if (maybeBlank(text.charCodeAt(from)) || maybeBlank(text.charCodeAt(to - 1))) {
      const raw = text.slice(from, to);
      const trimmed = raw.trim();
      if (trimmed !== raw) this.blanks = true;
      this.addTrimmed(trimmed, 0, trimmed.length);
    } else {
      this.addTrimmed(text, from, to);
    }
  }

  private addTrimmed(text: string, from: number, to: number): void {
    this.values++;
    let kinds = this.kinds;
    if (kinds & NUMBER) {
      const shape = plainNumberShape(text, from, to);
      if (shape === PLAIN_INTEGER) {
        if (to - from > 9) this.widenInteger(text.slice(from, to));
      } else if (shape === PLAIN_DECIMAL) {
        this.decimals = true;
      } else {
        const raw = text.slice(from, to);
        const plain = plainNumber(raw);
        if (plain === undefined) kinds &= ~NUMBER;
        else {
          if (plain !== raw) this.numberRewrite = true;
          if (!/^-?\d+$/.test(plain)) this.decimals = true;
          else this.widenInteger(plain);
        }
      }
    }
    if (kinds & DATE && !isDateRange(text, from, to)) kinds &= ~DATE;
    if (kinds & DATE_TIME && !isDateTimeRange(text, from, to)) kinds &= ~DATE_TIME;
    if (kinds & ISO_DATE_TIME && !isIsoDateTimeRange(text, from, to)) kinds &= ~ISO_DATE_TIME;
    if (kinds & BOOLEAN && !isBooleanRange(text, from, to)) kinds &= ~BOOLEAN;
    this.kinds = kinds;
  }

  private widenInteger(plain: string): void {
    if (this.widestInteger === 'numeric') return;
    const n = BigInt(plain);
    const magnitude = n < 0n ? -n - 1n : n;
    if (magnitude > int8Max) this.widestInteger = 'numeric';
    else if (magnitude > int4Max) this.widestInteger = 'bigint';
  }

  /** The kind, trying agate's types in agate's order; a column of only NULLs is `integer`. */
  kind(): InferredKind {
    if (this.values === 0) return 'integer';
    // agate counts decimal places: `1.0` has one, so the column is float8 in dbt-postgres too.
    if (this.kinds & NUMBER) return this.decimals ? 'float8' : this.widestInteger;
    if (this.kinds & DATE) return 'date';
    // agate tests `YYYY-MM-DD HH:MM:SS` and ISO 8601 as separate types: a column mixing them stays text.
    if (this.kinds & DATE_TIME) return 'timestamp';
    if (this.kinds & ISO_DATE_TIME) return 'timestamp';
    if (this.kinds & BOOLEAN) return 'boolean';
    return 'text';
  }

  /**
   * For a timestamp column, which of agate's two spellings its values share: `YYYY-M-D H:M:S` (no
   * fraction) or ISO 8601 with a `T`. A column mixing them is text, so the values read so far have one.
   */
  timestampSpelling(): 'space' | 'iso' | undefined {
    if (this.kind() !== 'timestamp') return undefined;
    return this.kinds & DATE_TIME ? 'space' : 'iso';
  }

  /** Whether some value must be rewritten (see normalizeForKind) before PostgreSQL reads it as kind(). */
  needsRewrite(): boolean {
    const kind = this.kind();
    if (kind === 'text' || this.values === 0) return false;
    if (this.blanks) return true;
    return this.kinds & NUMBER ? this.numberRewrite : false;
  }
}

/** Whether text[from..to) is a NULL as agate reads it (empty or `null`, any case, blanks around ignored). */
export function isNullRange(text: string, from: number, to: number): boolean {
  if (from === to) return true;
  const length = to - from;
  if (length === 4 && !maybeBlank(text.charCodeAt(from))) {
    const c = text.charCodeAt(from) | 32;
    return c === 110 && (text.charCodeAt(from + 1) | 32) === 117 && (text.charCodeAt(from + 2) | 32) === 108 && (text.charCodeAt(from + 3) | 32) === 108;
  }
  if (!maybeBlank(text.charCodeAt(from)) && !maybeBlank(text.charCodeAt(to - 1))) return false;
  return isNullValue(text.slice(from, to));
}

/** The kind of a column from its raw values, trying agate's types in agate's order. */
export function inferColumnKind(rawValues: readonly string[]): InferredKind {
  const column = new ColumnKindAccumulator();
  for (const raw of rawValues) {
    if (!isNullValue(raw)) column.add(raw, 0, raw.length);
  }
  return column.kind();
}

/** A non-NULL value as COPY should receive it for an inferred kind (numbers without group commas, trimmed). */
export function normalizeForKind(raw: string, kind: InferredKind): string {
  switch (kind) {
    case 'integer':
    case 'bigint':
    case 'numeric':
    case 'float8':
      return plainNumber(raw) ?? raw.trim();
    case 'date':
    case 'timestamp':
    case 'boolean':
      return raw.trim();
    case 'text':
      return raw;
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}
