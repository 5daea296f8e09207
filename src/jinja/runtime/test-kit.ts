/** Shorthands for the runtime's unit tests: building Python values and calling filters, tests and methods. */
import { getAttr } from './access.js';
import { JinjaRuntimeError } from './errors.js';
import { builtinFilters } from './filters.js';
import { createBuiltinGlobals } from './globals.js';
import { builtinTests } from './tests.js';
import type { CallContext } from './types.js';
import { undefinedError } from './undefined-error.js';
import { Kwargs, PyFloat, Undefined, makeTuple, pyStr } from './values.js';

/** A filter/test call context resolving names against the builtins. */
export const testContext: CallContext = {
  callFilter: (name, value, args, kwargs) => builtinFilters[name]!(testContext, value, args, kwargs),
  callTest: (name, value, args, kwargs) => builtinTests[name]!(testContext, value, args, kwargs),
  callFunction: (fn, args, kwargs) => (fn as (...a: unknown[]) => unknown)(...args, ...(Object.keys(kwargs).length ? [new Kwargs(kwargs)] : [])),
  hasFilter: (name) => name in builtinFilters,
  hasTest: (name) => name in builtinTests,
};

export type Case = [template: string, run: () => unknown, expected: string];

/** What `{{ run() }}` prints, or "ErrorType: message" as the reference renderer reports failures. */
export async function outcome(run: () => unknown): Promise<string> {
  try {
    return pyStr(await run());
  } catch (e) {
    if (e instanceof JinjaRuntimeError) return `${e.pythonType}: ${e.message}`;
    throw e;
  }
}

export const f = (x: number): PyFloat => new PyFloat(x);
export const t = (...items: unknown[]): unknown => makeTuple(items);
export const d = (entries: Record<string, unknown>): Map<unknown, unknown> => new Map(Object.entries(entries));
export const kw = (values: Record<string, unknown>): Kwargs => new Kwargs(values);

/** obj.name(...args) */
export function call(obj: unknown, name: string, ...args: unknown[]): unknown {
  const method = getAttr(obj, name);
  if (method instanceof Undefined) throw undefinedError(method);
  return (method as (...a: unknown[]) => unknown)(...args);
}

/** value|name(*args, **kwargs) */
export function filter(name: string, value: unknown, args: unknown[] = [], kwargs: Record<string, unknown> = {}): unknown {
  return builtinFilters[name]!(testContext, value, args, kwargs);
}

/** value is name(*args) */
export function test(name: string, value: unknown, args: unknown[] = [], kwargs: Record<string, unknown> = {}): unknown {
  return builtinTests[name]!(testContext, value, args, kwargs);
}

const globals = createBuiltinGlobals();

/** name(*args) for a builtin global function. */
export function global(name: string, ...args: unknown[]): unknown {
  return (globals[name] as (...a: unknown[]) => unknown)(...args);
}

/** A builtin global value (e.g. modules). */
export function globalValue(name: string): unknown {
  return globals[name];
}
