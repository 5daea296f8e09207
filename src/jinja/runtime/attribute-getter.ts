/** Jinja2's make_attrgetter / make_multi_attrgetter: "address.city", "0.name", "age,name". */
import { getItem } from './access.js';
import { Undefined } from './values.js';

type Part = string | number;

function parts(attribute: unknown): Part[] {
  if (attribute === null || attribute === undefined) return [];
  if (typeof attribute === 'string') return attribute.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  return [attribute as number];
}

/** Lowercases strings, leaves other values as they are (Jinja2's ignore_case). */
export function ignoreCase(value: unknown): unknown {
  return typeof value === 'string' ? value.toLowerCase() : value;
}

/** A getter for one (possibly dotted) attribute; `default` replaces Undefined results along the way. */
export function makeAttrGetter(
  attribute: unknown,
  postprocess?: (value: unknown) => unknown,
  fallback: unknown = null,
): (item: unknown) => unknown {
  const path = parts(attribute);
  return (item) => {
    let value = item;
    for (const part of path) {
      value = getItem(value, part);
      if (fallback !== null && fallback !== undefined && value instanceof Undefined) value = fallback;
    }
    return postprocess ? postprocess(value) : value;
  };
}

/** A getter for comma-separated attributes returning the list of their values (sort(attribute='a,b')). */
export function makeMultiAttrGetter(attribute: unknown, postprocess?: (value: unknown) => unknown): (item: unknown) => unknown[] {
  const split = typeof attribute === 'string' ? attribute.split(',') : [attribute];
  const getters = split.map((a) => makeAttrGetter(a, postprocess));
  return (item) => getters.map((g) => g(item));
}
