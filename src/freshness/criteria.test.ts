import { describe, expect, it } from 'vitest';
import { criteriaFromConfig, hasFreshness, mergeSourceFreshness, UNSET_CRITERIA } from './criteria.js';

const hour = (count: number) => ({ count, period: 'hour' as const });
const day = (count: number) => ({ count, period: 'day' as const });

describe('criteriaFromConfig', () => {
  it('reads warn_after, error_after and filter as written in a property file', () => {
    expect(criteriaFromConfig({ warn_after: { count: 12, period: 'hour' }, error_after: { count: '1', period: 'day' }, filter: "status = 'done'" })).toEqual({
      warn_after: hour(12),
      error_after: day(1),
      filter: "status = 'done'",
    });
  });

  it('tells "not written" (inherits) from "null" (switched off)', () => {
    expect(criteriaFromConfig(undefined)).toEqual(UNSET_CRITERIA);
    expect(criteriaFromConfig(null)).toBeNull();
    expect(criteriaFromConfig({ warn_after: null })?.warn_after).toBeNull();
  });
});

describe('hasFreshness', () => {
  it('needs a complete warn_after or error_after', () => {
    expect(hasFreshness(criteriaFromConfig({ warn_after: hour(1) }))).toBe(true);
    expect(hasFreshness(criteriaFromConfig({ error_after: day(1) }))).toBe(true);
    expect(hasFreshness(criteriaFromConfig({ warn_after: { count: 1 } }))).toBe(false);
    expect(hasFreshness(criteriaFromConfig({ filter: 'x > 1' }))).toBe(false);
    expect(hasFreshness(criteriaFromConfig(null))).toBe(false);
  });
});

describe('mergeSourceFreshness (dbt: project < source < source config < table < table config)', () => {
  const source = criteriaFromConfig({ warn_after: hour(1), error_after: day(1), filter: 'a' });

  it('a table inherits its source criteria when it writes none', () => {
    expect(mergeSourceFreshness(source, criteriaFromConfig(undefined))).toEqual(source);
  });

  it('a table setting only error_after keeps the source warn_after (merged one level deep)', () => {
    expect(mergeSourceFreshness(source, criteriaFromConfig({ error_after: day(2) }))).toEqual({ warn_after: hour(1), error_after: day(2), filter: 'a' });
  });

  it('a table filter replaces the source filter', () => {
    expect(mergeSourceFreshness(source, criteriaFromConfig({ filter: 'b' }))?.filter).toBe('b');
  });

  it('freshness: null on a table switches freshness off for it', () => {
    expect(mergeSourceFreshness(source, criteriaFromConfig(null))).toBeNull();
  });

  it('warn_after: null drops the inherited warn_after only', () => {
    expect(mergeSourceFreshness(source, criteriaFromConfig({ warn_after: null }))).toEqual({ warn_after: null, error_after: day(1), filter: 'a' });
  });

  it('a later layer sets freshness again after a null one', () => {
    expect(mergeSourceFreshness(criteriaFromConfig(null), criteriaFromConfig({ warn_after: hour(3) }))?.warn_after).toEqual(hour(3));
  });

  it('a project default is overridden by the source', () => {
    expect(mergeSourceFreshness(criteriaFromConfig({ warn_after: day(5) }), source)?.warn_after).toEqual(hour(1));
  });
});
