/**
 * The time windows of a microbatch run, as dbt computes them (in UTC): from `begin` on a first run or a
 * full refresh, else from `lookback` batches before the current one; up to the end of the batch holding
 * now. Explicit start/end (a backfill) override both ends.
 */

export const batchSizes = ['hour', 'day', 'month', 'year'] as const;
export type BatchSize = (typeof batchSizes)[number];

/** One batch: rows with start <= event_time < end. */
export interface BatchWindow {
  readonly start: Date;
  readonly end: Date;
  /** `2024-01-05` (day), `2024-01-05T10` (hour), `2024-01` (month), `2024` (year). */
  readonly id: string;
}

/** The start of the batch holding `at`. */
export function truncateToBatch(at: Date, size: BatchSize): Date {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth();
  switch (size) {
    case 'hour':
      return new Date(Date.UTC(y, m, at.getUTCDate(), at.getUTCHours()));
    case 'day':
      return new Date(Date.UTC(y, m, at.getUTCDate()));
    case 'month':
      return new Date(Date.UTC(y, m, 1));
    case 'year':
      return new Date(Date.UTC(y, 0, 1));
    default: {
      const unreachable: never = size;
      return unreachable;
    }
  }
}

/** `batchStart` moved by `count` batches. */
export function offsetBatches(batchStart: Date, size: BatchSize, count: number): Date {
  const d = batchStart;
  switch (size) {
    case 'hour':
      return new Date(d.getTime() + count * 3_600_000);
    case 'day':
      return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + count));
    case 'month':
      return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + count, 1));
    case 'year':
      return new Date(Date.UTC(d.getUTCFullYear() + count, 0, 1));
    default: {
      const unreachable: never = size;
      return unreachable;
    }
  }
}

function ceilToBatch(at: Date, size: BatchSize): Date {
  const start = truncateToBatch(at, size);
  return start.getTime() === at.getTime() ? start : offsetBatches(start, size, 1);
}

function batchId(start: Date, size: BatchSize): string {
  const iso = start.toISOString();
  return { hour: iso.slice(0, 13), day: iso.slice(0, 10), month: iso.slice(0, 7), year: iso.slice(0, 4) }[size];
}

export interface WindowOptions {
  readonly batchSize: BatchSize;
  readonly lookback: number;
  /** `begin` config: where a first run or full refresh starts. */
  readonly begin?: Date;
  /** Whether the table is being built from scratch (first run or full refresh). */
  readonly fromScratch: boolean;
  readonly eventTimeStart?: Date;
  readonly eventTimeEnd?: Date;
  readonly now: Date;
}

/** The batches to run, oldest first; the start is undefined only when a from-scratch run has no `begin` (the caller reports it). */
export function microbatchWindows(options: WindowOptions): BatchWindow[] {
  const { batchSize: size } = options;
  const end = ceilToBatch(options.eventTimeEnd ?? options.now, size);
  let start: Date;
  if (options.eventTimeStart) start = truncateToBatch(options.eventTimeStart, size);
  else if (options.fromScratch) start = truncateToBatch(options.begin!, size);
  // The end is a batch boundary, so the current batch is the one before it: lookback batches more before that.
  else start = offsetBatches(end, size, -(options.lookback + 1));
  const windows: BatchWindow[] = [];
  for (let at = start; at < end; at = offsetBatches(at, size, 1)) {
    windows.push({ start: at, end: offsetBatches(at, size, 1), id: batchId(at, size) });
  }
  return windows;
}

/** A window bound as dbt renders it in SQL: `2024-01-05 00:00:00+00:00`. */
export function windowBoundText(at: Date): string {
  return `${at.toISOString().slice(0, 19).replace('T', ' ')}+00:00`;
}
