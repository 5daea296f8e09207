import { describe, expect, it } from 'vitest';
import { isTimestampType, isoUtc, parseTimestamp, secondsBetween } from './loaded-at-time.js';

describe('parseTimestamp', () => {
  it('reads a timestamp without time zone as UTC, whatever zone this process runs in', () => {
    expect(isoUtc(parseTimestamp('2024-05-01 10:00:00')!)).toBe('2024-05-01T10:00:00+00:00');
    expect(parseTimestamp('1970-01-01 00:00:01')!.epochMicros).toBe(1_000_000);
  });

  it('applies the offset PostgreSQL prints for a timestamp with time zone', () => {
    expect(isoUtc(parseTimestamp('2024-05-01 12:00:00+02')!)).toBe('2024-05-01T10:00:00+00:00');
    expect(isoUtc(parseTimestamp('2024-05-01 15:30:00+05:30')!)).toBe('2024-05-01T10:00:00+00:00');
    expect(isoUtc(parseTimestamp('2024-05-01 06:00:00-04')!)).toBe('2024-05-01T10:00:00+00:00');
    // Historical local mean time offsets have seconds.
    expect(isoUtc(parseTimestamp('1900-01-01 00:00:00+00:53:28')!)).toBe('1899-12-31T23:06:32+00:00');
  });

  it('keeps microseconds', () => {
    const instant = parseTimestamp('2024-05-01 10:00:00.000123+00')!;
    expect(isoUtc(instant)).toBe('2024-05-01T10:00:00.000123+00:00');
    expect(secondsBetween(parseTimestamp('2024-05-01 10:00:00.5')!, parseTimestamp('2024-05-01 10:00:02.25')!)).toBe(1.75);
  });

  it('reads years before 100 as such (not as 19xx)', () => {
    expect(isoUtc(parseTimestamp('0099-03-01 00:00:00')!)).toBe('0099-03-01T00:00:00+00:00');
  });

  it('rejects what is not a finite timestamp', () => {
    expect(parseTimestamp('infinity')).toBeUndefined();
    expect(parseTimestamp('0044-03-15 10:00:00 BC')).toBeUndefined();
    expect(parseTimestamp('2024-05-01')).toBeUndefined();
  });
});

describe('isTimestampType', () => {
  it('accepts both timestamp types, with or without precision, and nothing else', () => {
    expect(isTimestampType('timestamp without time zone')).toBe(true);
    expect(isTimestampType('timestamp(3) with time zone')).toBe(true);
    expect(isTimestampType('date')).toBe(false);
    expect(isTimestampType('text')).toBe(false);
  });
});
