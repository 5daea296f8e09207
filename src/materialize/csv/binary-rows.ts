/**
 * CSV records written in COPY's binary format. The server reads binary rows about twice as fast as
 * CSV (no text to parse into numbers, dates and timestamps: 1,000,000 rows of ten columns, 1.5 s
 * against 3.3 s on PostgreSQL 15), so a large seed spends half the server's time. Only values whose
 * binary form is certain to be what PostgreSQL would read from their text are written: a value in
 * any other spelling (`+5`, `1,000`, a time zone, a blank around it) makes `write` return false, and
 * the caller loads the file as CSV instead.
 */
// Proleptic Gregorian day numbers, as Python's datetime (and PostgreSQL) count them; Date.UTC maps years 0–99 to 1900–1999.
import { daysFromCivil, daysInMonth } from '../../jinja/runtime/modules/calendar.js';
import { isNullRange } from './infer-types.js';
import { fieldValue, type CsvRecord } from './read-csv.js';

/**
 * What a column is sent as; each is one PostgreSQL type's binary form. A timestamp is written from
 * one spelling only, `YYYY-MM-DD HH:MM:SS` (`timestamp`) or `YYYY-MM-DDTHH:MM:SS[.ffffff]`
 * (`timestamp_iso`): the two forms inference tells apart (a column mixing them is text, and the
 * first takes no fraction), so a value the writer takes is one inference takes as the same type.
 */
export type BinaryKind = 'integer' | 'bigint' | 'float8' | 'boolean' | 'date' | 'timestamp' | 'timestamp_iso' | 'text';

/** `PGCOPY\n\377\r\n\0`, no flags, no header extension. */
const SIGNATURE = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]);
/** A field count of -1 ends the data. */
const TRAILER = Buffer.from([0xff, 0xff]);

/** Days from 1970-01-01 to 2000-01-01, PostgreSQL's epoch for dates and timestamps. */
const POSTGRES_EPOCH_DAYS = 10_957;
const CHUNK_BYTES = 1 << 20;
const DIGIT_0 = 48;
const MINUS = 45;


/** Writes records of a seed with known column kinds into binary COPY chunks. */
export class BinaryRowWriter {
  private buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private position = 0;
  private readonly full: Buffer[] = [SIGNATURE];
  /** Each column's kind as a small number, so the per-value switch compares integers. */
  private readonly codes: Uint8Array;

  constructor(kinds: readonly BinaryKind[]) {
    this.codes = Uint8Array.from(kinds, (kind) => KIND_CODES[kind]);
  }

  /** The chunks written since the last call (the signature first). */
  take(): Buffer[] {
    this.flush(CHUNK_BYTES);
    return this.full.splice(0);
  }

  /** The last chunk: what ends the data. */
  static trailer(): Buffer {
    return TRAILER;
  }

  /**
   * Writes one data record; false (and nothing written) when a value is not in a spelling whose
   * binary form is certain (see the file comment).
   */
  write(record: CsvRecord): boolean {
    const { codes } = this;
    const { text, starts, ends, quoted, count } = record;
    // The most a record can take: 2 bytes of count, per field 4 of length and at most 8 of value,
    // and 3 bytes of UTF-8 per character of text (the record's span bounds them all).
    const bound = 2 + 12 * count + 3 * (ends[count - 1]! - starts[0]!);
    if (this.position + bound > this.buffer.length) this.flush(bound);
    const buffer = this.buffer;
    let at = this.position;
    buffer[at] = count >>> 8;
    buffer[at + 1] = count;
    at += 2;
    for (let index = 0; index < count; index++) {
      const isQuoted = quoted[index] === 1;
      const from = isQuoted ? starts[index]! + 1 : starts[index]!;
      const to = isQuoted ? ends[index]! - 1 : ends[index]!;
      // NULL spellings start with a blank or an n (see isNullRange): one comparison for most values.
      const first = text.charCodeAt(from);
      if (from === to || ((first <= 32 || (first | 32) === 110 || first > 127) && isNullRange(text, from, to))) {
        at = putInt32(buffer, at, -1);
        continue;
      }
      switch (codes[index]) {
        case TEXT:
          if (isQuoted) {
            // A quoted value may hold doubled quotes: write the value, not the raw field.
            const value = fieldValue(record, index);
            at = encodeText(value, 0, value.length, buffer, at);
          } else {
            at = encodeText(text, from, to, buffer, at);
          }
          break;
        case INTEGER:
          at = encodeInteger(text, from, to, buffer, at);
          break;
        case FLOAT8:
          at = encodeFloat8(text, from, to, buffer, at);
          break;
        case DATE:
          at = encodeDate(text, from, to, buffer, at);
          break;
        case TIMESTAMP:
          at = to - from === 19 && text.charCodeAt(from + 10) === 32 ? encodeTimestamp(text, from, to, buffer, at) : -1;
          break;
        case TIMESTAMP_ISO:
          at = text.charCodeAt(from + 10) === 84 ? encodeTimestamp(text, from, to, buffer, at) : -1;
          break;
        case BOOLEAN:
          at = encodeBoolean(text, from, to, buffer, at);
          break;
        default:
          at = encodeBigint(text, from, to, buffer, at);
      }
      if (at < 0) return false;
    }
    this.position = at;
    return true;
  }

  /** Keeps what the buffer holds as a chunk and starts a new buffer of at least `bytes`. */
  private flush(bytes: number): void {
    if (this.position > 0) {
      this.full.push(this.buffer.subarray(0, this.position));
      this.buffer = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, bytes));
      this.position = 0;
    } else if (this.buffer.length < bytes) {
      this.buffer = Buffer.allocUnsafe(bytes);
    }
  }
}

function putInt32(buffer: Buffer, at: number, value: number): number {
  buffer[at] = value >>> 24;
  buffer[at + 1] = value >>> 16;
  buffer[at + 2] = value >>> 8;
  buffer[at + 3] = value;
  return at + 4;
}

/** `-?\d+` within int4. */
function encodeInteger(text: string, from: number, to: number, buffer: Buffer, at: number): number {
  const negative = text.charCodeAt(from) === MINUS;
  const first = negative ? from + 1 : from;
  if (first === to || to - first > 10) return -1;
  let value = 0;
  for (let i = first; i < to; i++) {
    const digit = text.charCodeAt(i) - DIGIT_0;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  if (negative) value = -value;
  if (value > 2_147_483_647 || value < -2_147_483_648) return -1;
  return putInt32(buffer, putInt32(buffer, at, 4), value);
}

/** `-?\d+` within int8. */
function encodeBigint(text: string, from: number, to: number, buffer: Buffer, at: number): number {
  const negative = text.charCodeAt(from) === MINUS;
  const first = negative ? from + 1 : from;
  if (first === to || to - first > 19) return -1;
  for (let i = first; i < to; i++) {
    const digit = text.charCodeAt(i) - DIGIT_0;
    if (digit < 0 || digit > 9) return -1;
  }
  const value = BigInt(text.slice(from, to));
  if (value > 9_223_372_036_854_775_807n || value < -9_223_372_036_854_775_808n) return -1;
  buffer.writeBigInt64BE(value, putInt32(buffer, at, 8));
  return at + 12;
}

const FLOAT = new Float64Array(1);
const FLOAT_BYTES = new Uint8Array(FLOAT.buffer);

/**
 * A plain decimal, `-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?`. JavaScript reads it correctly rounded,
 * as PostgreSQL's float8in (strtod) does, so the double is the same.
 */
function encodeFloat8(text: string, from: number, to: number, buffer: Buffer, at: number): number {
  let i = text.charCodeAt(from) === MINUS ? from + 1 : from;
  let digits = 0;
  while (i < to && isDigit(text.charCodeAt(i))) {
    i++;
    digits++;
  }
  if (i < to && text.charCodeAt(i) === 46) {
    i++;
    while (i < to && isDigit(text.charCodeAt(i))) {
      i++;
      digits++;
    }
  }
  if (digits === 0) return -1;
  const exponentAt = i < to && (text.charCodeAt(i) | 32) === 101 ? i : -1;
  if (exponentAt >= 0) {
    i++;
    const sign = text.charCodeAt(i);
    if (sign === 43 || sign === MINUS) i++;
    const exponentStart = i;
    while (i < to && isDigit(text.charCodeAt(i))) i++;
    if (i === exponentStart) return -1;
  }
  if (i !== to) return -1;
  const value = digits <= 15 && exponentAt < 0 ? plainDecimal(text, from, to) : Number(text.slice(from, to));
  // Beyond float8's range PostgreSQL refuses the text ("out of range"); let the CSV load say so.
  if (!Number.isFinite(value)) return -1;
  FLOAT[0] = value;
  at = putInt32(buffer, at, 8);
  // Float64Array holds the machine's byte order; COPY wants big-endian.
  for (let k = 0; k < 8; k++) buffer[at + k] = FLOAT_BYTES[LITTLE_ENDIAN ? 7 - k : k]!;
  return at + 8;
}

/** `true` or `false` in any case. */
function encodeBoolean(text: string, from: number, to: number, buffer: Buffer, at: number): number {
  const length = to - from;
  const lower = length === 4 || length === 5 ? text.slice(from, to).toLowerCase() : '';
  if (lower !== 'true' && lower !== 'false') return -1;
  at = putInt32(buffer, at, 1);
  buffer[at] = lower === 'true' ? 1 : 0;
  return at + 1;
}

/** `YYYY-MM-DD`, year 1 or later. */
function encodeDate(text: string, from: number, to: number, buffer: Buffer, at: number): number {
  const days = to - from === 10 ? calendarDays(text, from) : NaN;
  if (Number.isNaN(days)) return -1;
  return putInt32(buffer, putInt32(buffer, at, 4), days - POSTGRES_EPOCH_DAYS);
}

/** `YYYY-MM-DD HH:MM:SS` (or `T` between), with at most six digits of fraction (the spelling is checked by the caller). */
function encodeTimestamp(text: string, from: number, to: number, buffer: Buffer, at: number): number {
  const length = to - from;
  if (length < 19 || length === 20 || length > 26) return -1;
  const days = calendarDays(text, from);
  const separator = text.charCodeAt(from + 10);
  if (Number.isNaN(days) || (separator !== 32 && separator !== 84)) return -1;
  if (text.charCodeAt(from + 13) !== 58 || text.charCodeAt(from + 16) !== 58) return -1;
  const hour = twoDigits(text, from + 11);
  const minute = twoDigits(text, from + 14);
  const second = twoDigits(text, from + 17);
  if (hour > 23 || minute > 59 || second > 59) return -1;
  let micro = 0;
  if (length > 19) {
    if (text.charCodeAt(from + 19) !== 46) return -1;
    for (let i = from + 20; i < from + 26; i++) {
      const digit = i < to ? text.charCodeAt(i) - DIGIT_0 : 0;
      if (digit < 0 || digit > 9) return -1;
      micro = micro * 10 + digit;
    }
  }
  // Microseconds since 2000 pass 2^53 (no longer exact in a double) 285 years away, so the value is
  // put together in 32-bit halves: a day is 20 * 2^32 + 500,654,080 microseconds, and the second
  // part stays below 2^53 for any four-digit year.
  const days2000 = days - POSTGRES_EPOCH_DAYS;
  const rest = days2000 * 500_654_080 + ((hour * 60 + minute) * 60 + second) * 1_000_000 + micro;
  const restHigh = Math.floor(rest / 4_294_967_296);
  at = putInt32(buffer, at, 8);
  at = putInt32(buffer, at, days2000 * 20 + restHigh);
  return putInt32(buffer, at, rest - restHigh * 4_294_967_296);
}

/** Text as UTF-8. */
function encodeText(text: string, from: number, to: number, buffer: Buffer, at: number): number {
  const lengthAt = at;
  at += 4;
  let i = from;
  for (; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code > 127) break;
    buffer[at++] = code;
  }
  if (i < to) at += buffer.write(text.slice(i, to), at, 'utf8');
  putInt32(buffer, lengthAt, at - lengthAt - 4);
  return at;
}

const TEXT = 0;
const INTEGER = 1;
const FLOAT8 = 2;
const DATE = 3;
const TIMESTAMP = 4;
const BOOLEAN = 5;
const BIGINT = 6;
const TIMESTAMP_ISO = 7;
const KIND_CODES: Readonly<Record<BinaryKind, number>> = {
  text: TEXT,
  integer: INTEGER,
  float8: FLOAT8,
  date: DATE,
  timestamp: TIMESTAMP,
  timestamp_iso: TIMESTAMP_ISO,
  boolean: BOOLEAN,
  bigint: BIGINT,
};

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, e) => 10 ** e);

/**
 * `-?\d*\.?\d*` of at most 15 digits as a double: the digits as an integer (exact below 2^53) divided
 * by an exact power of ten is one correctly rounded operation, so the result is what strtod gives
 * (Clinger's fast path), without making a string of the value.
 */
function plainDecimal(text: string, from: number, to: number): number {
  const negative = text.charCodeAt(from) === MINUS;
  let mantissa = 0;
  let scale = -1;
  for (let i = negative ? from + 1 : from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code === 46) scale = 0;
    else {
      mantissa = mantissa * 10 + (code - DIGIT_0);
      if (scale >= 0) scale++;
    }
  }
  const value = scale > 0 ? mantissa / POWERS_OF_TEN[scale]! : mantissa;
  return negative ? -value : value;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function isDigit(code: number): boolean {
  return code >= DIGIT_0 && code <= DIGIT_0 + 9;
}

function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at) - DIGIT_0;
  const ones = text.charCodeAt(at + 1) - DIGIT_0;
  if (tens < 0 || tens > 9 || ones < 0 || ones > 9) return 99;
  return tens * 10 + ones;
}

/** Days since 1970-01-01 of `YYYY-MM-DD` at `at`, or NaN when it is not a real day of year 1 or later. */
function calendarDays(text: string, at: number): number {
  if (text.charCodeAt(at + 4) !== MINUS || text.charCodeAt(at + 7) !== MINUS) return NaN;
  let year = 0;
  for (let i = at; i < at + 4; i++) {
    const digit = text.charCodeAt(i) - DIGIT_0;
    if (digit < 0 || digit > 9) return NaN;
    year = year * 10 + digit;
  }
  const month = twoDigits(text, at + 5);
  const day = twoDigits(text, at + 8);
  if (year < 1 || month < 1 || month > 12 || day < 1) return NaN;
  if (day > daysInMonth(year, month)) return NaN;
  return daysFromCivil(year, month, day);
}
