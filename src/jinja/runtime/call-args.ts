/** Reading Python-style (positional, keyword) arguments from a host call's argument list. */
import { typeError } from './errors.js';
import { Kwargs } from './values.js';

const NO_KWARGS: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/** Splits a trailing Kwargs off the arguments of a call. */
export function splitArgs(args: readonly unknown[]): [unknown[], Record<string, unknown>] {
  const last = args[args.length - 1];
  if (last instanceof Kwargs) return [args.slice(0, -1), last.values];
  return [args as unknown[], NO_KWARGS];
}

/**
 * Binds positional and keyword arguments to parameter names as Python does; parameters not given
 * are left out of the result (so `name in bound` tells whether it was passed).
 */
export function bindArgs(
  fname: string,
  params: readonly string[],
  args: readonly unknown[],
  kwargs: Record<string, unknown>,
  required = 0,
): Record<string, unknown> {
  if (args.length > params.length) {
    throw typeError(
      `${fname}() takes ${params.length === required ? 'exactly' : 'at most'} ${params.length} argument${params.length === 1 ? '' : 's'} (${args.length} given)`,
    );
  }
  const bound: Record<string, unknown> = {};
  for (let i = 0; i < args.length; i++) bound[params[i]!] = args[i];
  for (const key in kwargs) {
    if (!params.includes(key)) throw typeError(`${fname}() got an unexpected keyword argument '${key}'`);
    if (key in bound) throw typeError(`${fname}() got multiple values for argument '${key}'`);
    bound[key] = kwargs[key];
  }
  for (let i = 0; i < required; i++) {
    if (!(params[i]! in bound)) throw typeError(`${fname}() missing required argument: '${params[i]}'`);
  }
  return bound;
}
