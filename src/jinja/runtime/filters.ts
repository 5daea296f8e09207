/** Jinja2's builtin filters plus dbt's as_* filters. */
import { numberFilters } from './filters/number-filters.js';
import { sequenceFilters } from './filters/sequence-filters.js';
import { textFilters } from './filters/text-filters.js';
import { filterArgs } from './filters/filter-args.js';
import type { Filter } from './types.js';
import { Undefined, truthy } from './values.js';

const defaultFilter: Filter = (_c, v, a, k) => {
  const [fallback = '', boolean = false] = filterArgs('do_default', ['default_value', 'boolean'], a, k);
  return v instanceof Undefined || v === undefined || (truthy(boolean) && !truthy(v)) ? fallback : v;
};

// dbt's as_text/as_bool/as_number/as_native mark a rendered value for conversion when dbt renders YAML
// natively (e.g. `{{ var('n') | as_number }}` in a property file becomes a number). In a template
// rendered to text they leave the value unchanged, which is what they do here.
const identity: Filter = (_c, v) => v;

/** All of Jinja2 3.1's filters and dbt's additions, by name. */
export const builtinFilters: Record<string, Filter> = {
  ...textFilters,
  ...numberFilters,
  ...sequenceFilters,
  default: defaultFilter,
  d: defaultFilter,
  as_text: identity,
  as_bool: identity,
  as_number: identity,
  as_native: identity,
};
