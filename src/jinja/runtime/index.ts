/** The runtime of strata's Jinja engine: Python value semantics, filters, tests and builtin globals. */
export { JinjaRuntimeError, MacroReturn } from './errors.js';
export type { CallContext, Filter, Test } from './types.js';
export {
  add,
  sub,
  mul,
  truediv,
  floordiv,
  mod,
  pow,
  neg,
  pos,
  concat,
  eq,
  compare,
  contains,
  type CompareOp,
} from './operators.js';
export { getAttr, getItem, slice } from './access.js';
export { iterate, length } from './iterate.js';
export { builtinFilters } from './filters.js';
export { builtinTests } from './tests.js';
export { createBuiltinGlobals } from './globals.js';
export { Namespace, Cycler } from './namespace.js';
export { undefinedError } from './undefined-error.js';
export { percentFormat } from './percent-format.js';
export { strFormat, formatValue } from './str-format.js';
export { pyTypeName } from './type-names.js';
export * from './values.js';
