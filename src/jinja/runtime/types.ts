/** Signatures shared by the engine and the runtime's filters and tests. */

/** Supplied by the engine to filters and tests that call back into templates (map('upper'), select('odd'), ...). */
export interface CallContext {
  callFilter(name: string, value: unknown, args: unknown[], kwargs: Record<string, unknown>): unknown | Promise<unknown>;
  callTest(name: string, value: unknown, args: unknown[], kwargs: Record<string, unknown>): boolean | Promise<boolean>;
  callFunction(fn: unknown, args: unknown[], kwargs: Record<string, unknown>): unknown | Promise<unknown>;
  /** Whether a filter / test of that name exists (for the `filter` and `test` tests); assumed absent when missing. */
  hasFilter?(name: string): boolean;
  hasTest?(name: string): boolean;
}

export type Filter = (
  ctx: CallContext,
  value: unknown,
  args: unknown[],
  kwargs: Record<string, unknown>,
) => unknown | Promise<unknown>;

export type Test = (
  ctx: CallContext,
  value: unknown,
  args: unknown[],
  kwargs: Record<string, unknown>,
) => boolean | Promise<boolean>;
