/** Jinja2's builtin filters plus dbt's as_* filters. */
import { length } from './iterate.js';
import type { Filter } from './types.js';
import { Undefined, pyStr, truthy } from './values.js';
import { toList } from './iterate.js';

/** All of Jinja2 3.1's filters and dbt's additions, by name. */
export const builtinFilters: Record<string, Filter> = {
  upper: (_c, v) => pyStr(v).toUpperCase(),
  lower: (_c, v) => pyStr(v).toLowerCase(),
  length: (_c, v) => length(v),
  count: (_c, v) => length(v),
  default: (_c, v, a) => (v instanceof Undefined || (truthy(a[1]) && !truthy(v)) ? (a[0] ?? '') : v),
  join: (_c, v, a) => toList(v).map(pyStr).join(typeof a[0] === 'string' ? a[0] : ''),
  string: (_c, v) => pyStr(v),
  list: (_c, v) => [...toList(v)],
  trim: (_c, v) => pyStr(v).trim(),
  as_text: (_c, v) => v,
  as_bool: (_c, v) => v,
  as_number: (_c, v) => v,
  as_native: (_c, v) => v,
};
builtinFilters.d = builtinFilters.default!;
