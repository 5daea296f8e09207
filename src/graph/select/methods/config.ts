/**
 * `config.<key>[.<nested>…]:<value>` — a node's resolved config: string values (wildcards allowed),
 * booleans (`true`/`false`), numbers, and membership in list values (`config.unique_key:id`).
 */
import { fnmatch, hasWildcard } from '../../glob.js';
import { idsWhere, type SelectorMethod } from './method.js';

export const configMethod: SelectorMethod = (context, criterion) => {
  const keys = criterion.methodArgs;
  // dbt compares test severity case-insensitively (`warn` / `WARN`).
  const caseInsensitive = keys.length === 1 && keys[0] === 'severity';
  return idsWhere(context.index.all, (node) => {
    const found = descend(node.config, keys);
    if (!found.present) return false;
    const values = Array.isArray(found.value) ? found.value : [found.value];
    return values.some((v) => configValueMatches(v, criterion.value, caseInsensitive));
  });
};

function descend(value: unknown, keys: readonly string[]): { present: boolean; value?: unknown } {
  let current = value;
  for (const key of keys) {
    if (current === null || typeof current !== 'object' || !(key in current)) return { present: false };
    current = (current as Record<string, unknown>)[key];
  }
  return current === undefined ? { present: false } : { present: true, value: current };
}

function configValueMatches(actual: unknown, wanted: string, caseInsensitive: boolean): boolean {
  if (typeof actual === 'boolean') return wanted.toLowerCase() === String(actual);
  if (typeof actual === 'number') return Number(wanted) === actual;
  if (typeof actual !== 'string') return false;
  if (caseInsensitive) return actual.toUpperCase() === wanted.toUpperCase();
  return hasWildcard(wanted) ? fnmatch(actual, wanted) : actual === wanted;
}
