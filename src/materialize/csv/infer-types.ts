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
const datePattern = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const dateTimePattern = /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{1,2}):(\d{1,2})$/;
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

function isDate(text: string): boolean {
  const m = datePattern.exec(text);
  return !!m && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
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

/** The narrowest integer type holding every value, or float8 when one has decimals (or an exponent). */
function numberKind(values: readonly string[]): InferredKind {
  let widest: InferredKind = 'integer';
  for (const value of values) {
    const plain = plainNumber(value)!;
    if (!/^-?\d+$/.test(plain)) {
      // agate counts decimal places: `1.0` has one, so the column is float8 in dbt-postgres too.
      return 'float8';
    }
    const n = BigInt(plain);
    const magnitude = n < 0n ? -n - 1n : n;
    if (magnitude > int8Max) widest = 'numeric';
    else if (magnitude > int4Max && widest === 'integer') widest = 'bigint';
  }
  return widest;
}

/** The kind of a column from its raw values, trying agate's types in agate's order. */
export function inferColumnKind(rawValues: readonly string[]): InferredKind {
  const values = rawValues.filter((raw) => !isNullValue(raw)).map((raw) => raw.trim());
  if (values.length === 0) return 'integer';
  if (values.every((v) => plainNumber(v) !== undefined)) return numberKind(values);
  if (values.every(isDate)) return 'date';
  // agate tests `YYYY-MM-DD HH:MM:SS` and ISO 8601 as separate types: a column mixing them stays text.
  if (values.every((v) => isDateTimeOf(dateTimePattern, v))) return 'timestamp';
  if (values.every((v) => isDateTimeOf(isoDateTimePattern, v))) return 'timestamp';
  if (values.every(isBoolean)) return 'boolean';
  return 'text';
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
