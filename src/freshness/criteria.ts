/**
 * A source's freshness criteria (`warn_after`, `error_after`, `filter`) and how the places that
 * set them combine, as dbt's `merge_source_freshness` does.
 */

export const FRESHNESS_PERIODS = ['minute', 'hour', 'day'] as const;
export type FreshnessPeriod = (typeof FRESHNESS_PERIODS)[number];

/** `{count: 12, period: hour}`; either part may be missing, and then the threshold is not set. */
export interface FreshnessTime {
  readonly count: number | null;
  readonly period: FreshnessPeriod | null;
}

/** One layer of freshness config. A `null` threshold was written as `null`: it switches off what is inherited. */
export interface FreshnessCriteria {
  readonly warn_after: FreshnessTime | null;
  readonly error_after: FreshnessTime | null;
  readonly filter: string | null;
}

/** A layer that sets nothing (dbt's default for a place without `freshness:`). */
export const UNSET_CRITERIA: FreshnessCriteria = Object.freeze({
  warn_after: Object.freeze({ count: null, period: null }),
  error_after: Object.freeze({ count: null, period: null }),
  filter: null,
});

const SECONDS_PER_PERIOD: Readonly<Record<FreshnessPeriod, number>> = { minute: 60, hour: 3600, day: 86_400 };

/**
 * Reads a `freshness:` value as written in YAML. `undefined` (not written) gives the unset layer;
 * `null` gives null: freshness switched off, for this place and what it inherits.
 */
export function criteriaFromConfig(raw: unknown): FreshnessCriteria | null {
  if (raw === undefined) return UNSET_CRITERIA;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const value = raw as Record<string, unknown>;
  return {
    warn_after: timeFromConfig(value.warn_after),
    error_after: timeFromConfig(value.error_after),
    filter: typeof value.filter === 'string' && value.filter.trim() !== '' ? value.filter : null,
  };
}

function timeFromConfig(raw: unknown): FreshnessTime | null {
  if (raw === undefined) return UNSET_CRITERIA.warn_after;
  if (raw === null || typeof raw !== 'object') return null;
  const value = raw as Record<string, unknown>;
  const count = typeof value.count === 'number' ? value.count : typeof value.count === 'string' && /^\d+$/.test(value.count.trim()) ? Number(value.count) : null;
  const period = (FRESHNESS_PERIODS as readonly unknown[]).includes(value.period) ? (value.period as FreshnessPeriod) : null;
  return { count, period };
}

/** A threshold counts only with both its count and its period. */
export function isSet(time: FreshnessTime | null): time is FreshnessTime & { count: number; period: FreshnessPeriod } {
  return time !== null && time.count !== null && time.period !== null;
}

/** Whether a source is checked at all: dbt's `has_freshness` (a warn_after or an error_after threshold). */
export function hasFreshness(criteria: FreshnessCriteria | null): criteria is FreshnessCriteria {
  return criteria !== null && (isSet(criteria.warn_after) || isSet(criteria.error_after));
}

/** The threshold in seconds, or undefined when it is not set. */
export function thresholdSeconds(time: FreshnessTime | null): number | undefined {
  return isSet(time) ? time.count * SECONDS_PER_PERIOD[time.period] : undefined;
}

/**
 * Combines layers from least to most specific (project, source, source config, table, table
 * config). A null layer switches freshness off until a later layer sets it again; within a layer,
 * a threshold replaces the inherited one only when complete, and `null` removes it.
 */
export function mergeSourceFreshness(...layers: readonly (FreshnessCriteria | null)[]): FreshnessCriteria | null {
  if (layers.length === 0) return null;
  let merged: FreshnessCriteria | null = layers[0]!;
  for (const update of layers.slice(1)) {
    if (update === null) merged = null;
    else if (merged === null) merged = update;
    else
      merged = {
        warn_after: mergeTime(merged.warn_after, update.warn_after),
        error_after: mergeTime(merged.error_after, update.error_after),
        filter: update.filter ?? merged.filter,
      };
  }
  return merged;
}

function mergeTime(base: FreshnessTime | null, update: FreshnessTime | null): FreshnessTime | null {
  if (update === null) return null;
  return isSet(update) ? update : base;
}

/** `1 hour`, `12 hours`: a threshold as the output names it. */
export function describeTime(time: FreshnessTime & { count: number; period: FreshnessPeriod }): string {
  return `${time.count} ${time.period}${time.count === 1 ? '' : 's'}`;
}
