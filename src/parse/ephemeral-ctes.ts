/** The CTE name an ephemeral model is inlined under (dbt's prefix, so compiled SQL reads the same). */
export function ephemeralCteName(modelName: string): string {
  return `__dbt__cte__${modelName}`;
}

/** Leading whitespace and SQL comments, then a `with` keyword (not `with recursive` handled apart). */
const LEADING_WITH = /^(\s*(?:--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*)with(\s+recursive)?\b/i;

/**
 * Puts `ctes` (name → compiled SELECT, dependencies first) in front of a model's SQL: merged into
 * its own leading `with` when it has one, otherwise as a new `with` clause, as dbt does.
 */
export function injectCtes(sql: string, ctes: ReadonlyArray<readonly [string, string]>): string {
  if (ctes.length === 0) return sql;
  const definitions = ctes.map(([name, body]) => `${name} as (\n${body.trim()}\n)`).join(', ');
  const match = LEADING_WITH.exec(sql);
  if (match) {
    const head = match[0];
    return `${head} ${definitions}, ${sql.slice(head.length).replace(/^\s*/, '')}`;
  }
  return `with ${definitions}\n${sql}`;
}
