/** Jinja2's builtin tests (`x is odd`, `x is divisibleby(3)`, ...). */
import { typeError } from './errors.js';
import { iterate } from './iterate.js';
import { compare, contains, eq, mod } from './operators.js';
import type { Test } from './types.js';
import { PyFloat, Undefined, isMapping, pyStr } from './values.js';
import { strMethods } from './str-methods.js';

function need(args: unknown[], name: string): unknown {
  if (args.length === 0) throw typeError(`${name}() missing 1 required positional argument: 'other'`);
  return args[0];
}

const equal: Test = (_c, v, a) => eq(v, need(a, 'eq'));
const notEqual: Test = (_c, v, a) => !eq(v, need(a, 'ne'));
const less: Test = (_c, v, a) => compare('<', v, need(a, 'lt'));
const lessOrEqual: Test = (_c, v, a) => compare('<=', v, need(a, 'le'));
const greater: Test = (_c, v, a) => compare('>', v, need(a, 'gt'));
const greaterOrEqual: Test = (_c, v, a) => compare('>=', v, need(a, 'ge'));

function isIterable(value: unknown): boolean {
  try {
    iterate(value);
    return true;
  } catch {
    return false;
  }
}

/** All of Jinja2 3.1's tests. */
export const builtinTests: Record<string, Test> = {
  boolean: (_c, v) => v === true || v === false,
  // Jinja2's Undefined has __call__ (which raises), so Python's callable() says True for it.
  callable: (_c, v) =>
    typeof v === 'function' ||
    v instanceof Undefined ||
    (v !== null && typeof v === 'object' && typeof (v as { __call__?: unknown }).__call__ === 'function'),
  defined: (_c, v) => !(v instanceof Undefined) && v !== undefined,
  undefined: (_c, v) => v instanceof Undefined || v === undefined,
  divisibleby: (_c, v, a, k) => eq(mod(v, a[0] ?? k.num), 0),
  even: (_c, v) => eq(mod(v, 2), 0),
  odd: (_c, v) => eq(mod(v, 2), 1),
  escaped: (_c, v) => v !== null && typeof v === 'object' && typeof (v as { __html__?: unknown }).__html__ === 'function',
  false: (_c, v) => v === false,
  true: (_c, v) => v === true,
  none: (_c, v) => v === null,
  filter: (c, v) => typeof v === 'string' && (c.hasFilter?.(v) ?? false),
  test: (c, v) => typeof v === 'string' && (c.hasTest?.(v) ?? false),
  float: (_c, v) => v instanceof PyFloat,
  integer: (_c, v) => typeof v === 'number',
  number: (_c, v) => typeof v === 'number' || typeof v === 'boolean' || v instanceof PyFloat,
  string: (_c, v) => typeof v === 'string',
  mapping: (_c, v) => isMapping(v),
  sequence: (_c, v) => typeof v === 'string' || Array.isArray(v) || isMapping(v) || (typeof v === 'object' && v !== null && '__getitem__' in v && '__len__' in v),
  iterable: (_c, v) => isIterable(v),
  lower: (_c, v) => strMethods.islower!(pyStr(v), [], {}) as boolean,
  upper: (_c, v) => strMethods.isupper!(pyStr(v), [], {}) as boolean,
  sameas: (_c, v, a) => {
    const other = a[0];
    if (v instanceof PyFloat && other instanceof PyFloat) return v === other;
    return v === other || (v === undefined && other === null);
  },
  in: (_c, v, a) => contains(need(a, 'in'), v),
  eq: equal,
  equalto: equal,
  '==': equal,
  ne: notEqual,
  '!=': notEqual,
  lt: less,
  lessthan: less,
  '<': less,
  le: lessOrEqual,
  '<=': lessOrEqual,
  gt: greater,
  greaterthan: greater,
  '>': greater,
  ge: greaterOrEqual,
  '>=': greaterOrEqual,
};

