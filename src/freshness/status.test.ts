import { describe, expect, it } from 'vitest';
import { criteriaFromConfig, type FreshnessCriteria } from './criteria.js';
import { describeAge, describeFreshness, freshnessStatus } from './status.js';

const HOUR = 3600;
const criteria = (raw: unknown): FreshnessCriteria => criteriaFromConfig(raw)!;
const warnHourErrorDay = criteria({ warn_after: { count: 1, period: 'hour' }, error_after: { count: 1, period: 'day' } });

describe('freshnessStatus', () => {
  it('passes below warn_after, warns past it, errors past error_after', () => {
    expect(freshnessStatus(30 * 60, warnHourErrorDay)).toBe('pass');
    expect(freshnessStatus(2 * HOUR, warnHourErrorDay)).toBe('warn');
    expect(freshnessStatus(25 * HOUR, warnHourErrorDay)).toBe('error');
  });

  it('needs the age strictly past a threshold, as dbt does: exactly one hour old still passes', () => {
    expect(freshnessStatus(HOUR, warnHourErrorDay)).toBe('pass');
    expect(freshnessStatus(HOUR + 0.001, warnHourErrorDay)).toBe('warn');
    expect(freshnessStatus(24 * HOUR, warnHourErrorDay)).toBe('warn');
  });

  it('counts minutes, hours and days', () => {
    expect(freshnessStatus(11 * 60, criteria({ warn_after: { count: 10, period: 'minute' } }))).toBe('warn');
    expect(freshnessStatus(9 * 60, criteria({ warn_after: { count: 10, period: 'minute' } }))).toBe('pass');
    expect(freshnessStatus(3 * 24 * HOUR, criteria({ error_after: { count: 2, period: 'day' } }))).toBe('error');
  });

  it('with only error_after, an old source errors and a younger one passes (no warn level)', () => {
    const errorOnly = criteria({ error_after: { count: 6, period: 'hour' } });
    expect(freshnessStatus(5 * HOUR, errorOnly)).toBe('pass');
    expect(freshnessStatus(7 * HOUR, errorOnly)).toBe('error');
  });

  it('ignores a threshold missing its count or its period', () => {
    expect(freshnessStatus(100 * HOUR, criteria({ warn_after: { period: 'hour' }, error_after: { count: 1 } }))).toBe('pass');
  });

  it('passes a source whose newest row is in the future (clock skew between loader and database)', () => {
    expect(freshnessStatus(-60, warnHourErrorDay)).toBe('pass');
  });
});

describe('describeFreshness', () => {
  it('says how old the newest row is and which threshold it passed', () => {
    expect(describeFreshness(2 * HOUR + 5 * 60, 'warn', warnHourErrorDay)).toBe('max_loaded_at 2 hours 5 minutes ago (warn after 1 hour)');
    expect(describeFreshness(3 * 24 * HOUR, 'error', warnHourErrorDay)).toBe('max_loaded_at 3 days ago (error after 1 day)');
    expect(describeFreshness(42, 'pass', warnHourErrorDay)).toBe('max_loaded_at 42 seconds ago');
  });

  it('names ages in the future', () => {
    expect(describeAge(-90)).toBe('1 minute in the future');
    expect(describeAge(1)).toBe('1 second ago');
  });
});
