/** Jinja2's builtin filters plus dbt's as_* filters. */
import { numberFilters } from './filters/number-filters.js';
import { sequenceFilters } from './filters/sequence-filters.js';
import { textFilters } from './filters/text-filters.js';
import { filterArgs } from './filters/filter-args.js';
import { typeError } from './errors.js';
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

/**
 * Filters whose Python function takes only the value, by the name of that function: given arguments,
 * Python raises TypeError, so these do too instead of ignoring them.
 */
const VALUE_ONLY: Record<string, string> = {
  capitalize: 'do_capitalize',
  escape: 'escape',
  e: 'escape',
  forceescape: 'do_forceescape',
  lower: 'do_lower',
  upper: 'do_upper',
  safe: 'do_mark_safe',
  string: 'soft_str',
  striptags: 'do_striptags',
  title: 'do_title',
  urlencode: 'do_urlencode',
  wordcount: 'do_wordcount',
  pprint: 'do_pprint',
  first: 'do_first',
  last: 'do_last',
  random: 'do_random',
  items: 'do_items',
  length: 'len',
  count: 'len',
  list: 'do_list',
  reverse: 'do_reverse',
  abs: 'abs',
  as_text: '<lambda>',
  as_bool: '<lambda>',
  as_number: '<lambda>',
  as_native: '<lambda>',
};

function valueOnly(fname: string, f: Filter): Filter {
  return (c, v, a, k) => {
    const keyword = Object.keys(k)[0];
    if (keyword !== undefined) throw typeError(`${fname}() got an unexpected keyword argument '${keyword}'`);
    if (a.length) throw typeError(`${fname}() takes 1 positional argument but ${a.length + 1} were given`);
    return f(c, v, a, k);
  };
}

const allFilters: Record<string, Filter> = {
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

/** All of Jinja2 3.1's filters and dbt's additions, by name. */
export const builtinFilters: Record<string, Filter> = Object.fromEntries(
  Object.entries(allFilters).map(([name, f]) => [name, name in VALUE_ONLY ? valueOnly(VALUE_ONLY[name]!, f) : f]),
);
