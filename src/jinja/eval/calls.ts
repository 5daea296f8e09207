/** Calling functions, macros, filters and tests from templates (Jinja2's context.call and filter/test dispatch). */
import {
  JinjaRuntimeError,
  Kwargs,
  Undefined,
  fromHost,
  isMapping,
  iterate,
  mappingEntries,
  pyTypeName,
  truthy,
  undefinedError,
} from '../runtime/index.js';
import type { RenderState } from './state.js';

const NO_KWARGS: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown })?.then === 'function';
}

/** Calls a Jinja callable with positional args and (if any) keyword args as a trailing Kwargs. */
export function call(fn: unknown, args: unknown[], kwargs: Record<string, unknown> | null): unknown {
  let result: unknown;
  if (typeof fn === 'function') {
    result = kwargs ? fn(...args, new Kwargs(kwargs)) : fn(...args);
  } else if (fn instanceof Undefined) {
    throw undefinedError(fn);
  } else if (fn !== null && typeof fn === 'object' && typeof (fn as { __call__?: unknown }).__call__ === 'function') {
    const target = fn as { __call__: (...a: unknown[]) => unknown };
    result = kwargs ? target.__call__(...args, new Kwargs(kwargs)) : target.__call__(...args);
  } else {
    throw new JinjaRuntimeError(`'${pyTypeName(fn)}' object is not callable`, 'TypeError');
  }
  return isThenable(result) ? Promise.resolve(result).then(fromHost) : fromHost(result);
}

/** `value|name(args)`; an unknown filter only fails here when it was used inside an `if` (Jinja2 defers it). */
export function filter(st: RenderState, name: string, value: unknown, args: unknown[], kwargs: Record<string, unknown> | null): unknown {
  const f = st.env.filters[name];
  if (!f) throw new JinjaRuntimeError(`No filter named '${name}' found.`, 'TemplateRuntimeError');
  const result = f(st.env.callContext, value, args, kwargs ?? NO_KWARGS);
  return isThenable(result) ? Promise.resolve(result).then(fromHost) : fromHost(result);
}

/** `value is name(args)`. */
export function test(st: RenderState, name: string, value: unknown, args: unknown[], kwargs: Record<string, unknown> | null): unknown {
  const t = st.env.tests[name];
  if (!t) throw new JinjaRuntimeError(`No test named '${name}' found.`, 'TemplateRuntimeError');
  const result = t(st.env.callContext, value, args, kwargs ?? NO_KWARGS);
  return isThenable(result) ? Promise.resolve(result).then(truthy) : truthy(result);
}

/** `f(a, *rest)`. */
export function spreadArgs(args: unknown[], rest: unknown): unknown[] {
  return [...args, ...iterate(rest)];
}

/** `f(k=v, **rest)`. */
export function mergeKwargs(kwargs: Record<string, unknown> | null, rest: unknown): Record<string, unknown> {
  if (!isMapping(rest)) throw new JinjaRuntimeError(`argument after ** must be a mapping, not ${pyTypeName(rest)}`, 'TypeError');
  const out: Record<string, unknown> = { ...(kwargs ?? {}) };
  for (const [k, v] of mappingEntries(rest)) {
    if (typeof k !== 'string') throw new JinjaRuntimeError('keywords must be strings', 'TypeError');
    out[k] = v;
  }
  return out;
}
