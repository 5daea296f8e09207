/** Pre- and post-hooks as dbt accepts them: a string, `{sql, transaction}`, or a list of those. */
import { z } from 'zod';
import { yamlBoolean } from './yaml-scalars.js';

/** A hook statement and whether it runs inside the node's transaction (dbt's default) or outside. */
export interface Hook {
  readonly sql: string;
  readonly transaction: boolean;
}

const hookEntry = z.union(
  [
    z.string(),
    z.looseObject({ sql: z.string(), transaction: yamlBoolean.optional(), index: z.number().int().optional() }),
  ],
  { error: 'a SQL string or a mapping {sql: ..., transaction: true|false}' },
);

/** Schema of a hook config value (one hook or a list; null means none). */
export const hooksSchema = z.union([hookEntry, z.array(hookEntry), z.null()], {
  error: 'a SQL string, a list of SQL strings, or {sql: ..., transaction: ...}',
});

/** Normalises a validated hook value into a list of hooks. */
export function normalizeHooks(value: unknown): Hook[] {
  if (value === null || value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((entry) => {
    if (typeof entry === 'string') return { sql: entry, transaction: true };
    const object = entry as { sql: string; transaction?: boolean | string };
    const transaction = typeof object.transaction === 'string' ? object.transaction.toLowerCase() !== 'false' : object.transaction;
    return { sql: object.sql, transaction: transaction ?? true };
  });
}

/** The canonical config key of a hook key in any spelling (`+pre-hook`, `pre_hook`, …), or undefined. */
export function hookConfigKey(key: string): 'pre_hook' | 'post_hook' | undefined {
  const bare = key.replace(/^\+\s*/, '').replace('-', '_');
  return bare === 'pre_hook' || bare === 'post_hook' ? bare : undefined;
}
