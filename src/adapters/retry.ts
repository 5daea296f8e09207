import { isTransientError } from './transient-errors.js';

/** From the target: how many times to retry, and the first delay in seconds (doubles each time). */
export interface RetryPolicy {
  readonly retries: number;
  readonly backoffSeconds: number;
}

export interface RetryHooks {
  /** Called before each retry (after the failure, before the delay), e.g. to replace a broken connection. */
  readonly beforeRetry?: (error: unknown, attempt: number) => Promise<void> | void;
  /** Decides whether an error is retried; defaults to isTransientError. */
  readonly isRetryable?: (error: unknown) => boolean;
  /** Returning true stops retrying (the run is being cancelled). */
  readonly stopped?: () => boolean;
}

/** Runs `work`, re-running it after transient failures with exponential backoff and jitter. */
export async function withRetry<T>(policy: RetryPolicy, work: (attempt: number) => Promise<T>, hooks: RetryHooks = {}): Promise<T> {
  const retryable = hooks.isRetryable ?? isTransientError;
  for (let attempt = 0; ; attempt++) {
    try {
      return await work(attempt);
    } catch (error) {
      if (attempt >= policy.retries || !retryable(error) || hooks.stopped?.()) throw error;
      await hooks.beforeRetry?.(error, attempt + 1);
      await sleep(backoffDelayMs(policy, attempt + 1));
    }
  }
}

/**
 * Delay before retry number `attempt` (1-based): backoff × 2^(attempt-1), scaled by a random
 * factor in [0.5, 1.5) so that workers failing together do not retry in lockstep.
 */
export function backoffDelayMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const base = policy.backoffSeconds * 1000 * 2 ** (attempt - 1);
  return Math.round(base * (0.5 + random()));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
