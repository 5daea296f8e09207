import { describeTime, isSet, thresholdSeconds, type FreshnessCriteria } from './criteria.js';

/** The outcome of a freshness check that ran: dbt's FreshnessStatus without `runtime error`. */
export type FreshnessStatus = 'pass' | 'warn' | 'error';

/** error when the age is past error_after, else warn when past warn_after, else pass (strictly past, as in dbt). */
export function freshnessStatus(ageSeconds: number, criteria: FreshnessCriteria): FreshnessStatus {
  const exceeded = (seconds: number | undefined) => seconds !== undefined && ageSeconds > seconds;
  if (exceeded(thresholdSeconds(criteria.error_after))) return 'error';
  if (exceeded(thresholdSeconds(criteria.warn_after))) return 'warn';
  return 'pass';
}

/** One line for the console: `max_loaded_at 2 hours ago (warn after 1 hour)`. */
export function describeFreshness(ageSeconds: number, status: FreshnessStatus, criteria: FreshnessCriteria): string {
  const age = `max_loaded_at ${describeAge(ageSeconds)}`;
  const threshold = status === 'error' ? criteria.error_after : status === 'warn' ? criteria.warn_after : null;
  return isSet(threshold) ? `${age} (${status} after ${describeTime(threshold)})` : age;
}

/** `45 seconds ago`, `2 hours 5 minutes ago`, `3 days 4 hours ago`; `in the future` for clock skew. */
export function describeAge(ageSeconds: number): string {
  if (ageSeconds < 0) return `${describeDuration(-ageSeconds)} in the future`;
  return `${describeDuration(ageSeconds)} ago`;
}

function describeDuration(seconds: number): string {
  const whole = Math.floor(seconds);
  if (whole < 60) return plural(whole, 'second');
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return plural(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return [plural(hours, 'hour'), minutes % 60 ? plural(minutes % 60, 'minute') : ''].filter(Boolean).join(' ');
  const days = Math.floor(hours / 24);
  return [plural(days, 'day'), hours % 24 ? plural(hours % 24, 'hour') : ''].filter(Boolean).join(' ');
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
