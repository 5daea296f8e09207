/** What a unit test changes in its model's render: inputs as fixture CTEs, and its overrides. */
import { CompileError } from '../errors/strata-error.js';
import type { TemplateDatabase } from '../jinja/dbt/template-database.js';
import type { UnitTestRender } from '../parse/compile-session.js';
import type { UnitTestNode } from '../parse/manifest.js';

/** The CTE a fixture is inlined under: dbt's `__dbt__cte__` prefix and the input's name. */
export function fixtureCteName(given: { readonly input_node: string }): string {
  if (given.input_node === 'this') return '__dbt__cte__this';
  const parts = given.input_node.split('.');
  // model.pkg.name(.v2) → name_v2; source.pkg.source.table → source__table
  const name = given.input_node.startsWith('source.') ? `${parts[2]}__${parts.slice(3).join('_')}` : parts.slice(2).join('_');
  return `__dbt__cte__${name.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
}

/** The render of `node`'s model against its fixtures. */
export function unitTestRender(node: UnitTestNode, database?: TemplateDatabase): UnitTestRender {
  return {
    inputs: new Map(node.given.map((g) => [g.input_node, fixtureCteName(g)])),
    isIncremental: node.overrides.macros.is_incremental === true,
    vars: node.overrides.vars,
    envVars: node.overrides.env_vars,
    macros: node.overrides.macros,
    ...(database && { database }),
    missingInput: (call) =>
      new CompileError(`unit test '${node.name}': model '${node.model}' reads ${call}, which has no given input`, {
        location: { file: node.original_file_path },
        nodeId: node.unique_id,
        hint: `Add "- input: ${call}" under given: with the rows it should hold (rows: [] for none).`,
      }),
  };
}
