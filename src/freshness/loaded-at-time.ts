/**
 * Reading the timestamps a freshness query returns. The adapters hand timestamps back as the text
 * PostgreSQL prints (ISO DateStyle), so the offset of a `timestamp with time zone` is in the text,
 * and a `timestamp without time zone` has none: it is taken as UTC, as dbt does (its `_utc`), not
 * in the session's or this machine's time zone.
 */

/** A point in time, to the microsecond. */
export interface Instant {
  /** Microseconds since 1970-01-01 UTC. */
  readonly epochMicros: number;
}

const TIMESTAMP_TYPES = new Set(['timestamp without time zone', 'timestamp with time zone']);

/** Whether a result column of this type (PostgreSQL's format_type name) holds a timestamp. */
export function isTimestampType(typeName: string): boolean {
  return TIMESTAMP_TYPES.has(typeName.replace(/\(\d+\)/, ''));
}

const PATTERN = /^(\d{4,})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?:([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?)?$/;

/**
 * Parses a timestamp as PostgreSQL prints it: `2024-05-01 10:00:00.123456+02` (with time zone) or
 * `2024-05-01 10:00:00` (without: UTC). Undefined for what is not a finite timestamp of our era
 * (`infinity`, BC dates, another DateStyle).
 */
export function parseTimestamp(text: string): Instant | undefined {
  const match = PATTERN.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction, sign, offsetHours, offsetMinutes, offsetSeconds] = match;
  const date = new Date(0);
  date.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  date.setUTCHours(Number(hour), Number(minute), Number(second), 0);
  const offset = sign ? (sign === '-' ? -1 : 1) * (Number(offsetHours) * 3600 + Number(offsetMinutes ?? 0) * 60 + Number(offsetSeconds ?? 0)) : 0;
  const micros = fraction ? Number(fraction.padEnd(6, '0')) : 0;
  return { epochMicros: (date.getTime() / 1000 - offset) * 1_000_000 + micros };
}

/** Seconds from `earlier` to `later` (negative when `earlier` is later). */
export function secondsBetween(earlier: Instant, later: Instant): number {
  return (later.epochMicros - earlier.epochMicros) / 1_000_000;
}

/** ISO 8601 in UTC as dbt writes it in sources.json: `2024-05-01T08:00:00.123456+00:00` (fraction only when non-zero). */
export function isoUtc(instant: Instant): string {
  const micros = ((instant.epochMicros % 1_000_000) + 1_000_000) % 1_000_000;
  const date = new Date((instant.epochMicros - micros) / 1000);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const fraction = micros ? `.${pad(micros, 6)}` : '';
  return (
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}${fraction}+00:00`
  );
}
