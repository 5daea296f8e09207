/** pre_hook / post_hook statements, split as dbt does: inside the build's transaction unless `transaction: false`. */
import type { RenderedHook } from './input.js';
import type { PlannedStatement } from './plan.js';
import { statement } from './statement.js';

export interface HookStatements {
  /** `transaction: false` hooks, run in their own phase before/after the transaction. */
  readonly outside: readonly PlannedStatement[];
  readonly inside: readonly PlannedStatement[];
}

/** The statements of a node's pre or post hooks, blank ones left out. */
export function hookStatements(hooks: readonly RenderedHook[], which: 'pre_hook' | 'post_hook'): HookStatements {
  const outside: PlannedStatement[] = [];
  const inside: PlannedStatement[] = [];
  hooks.forEach((hook, index) => {
    if (hook.sql.trim() === '') return;
    const planned = statement(hook.sql, `${which} ${index + 1}`);
    (hook.transaction ? inside : outside).push(planned);
  });
  return { outside, inside };
}
