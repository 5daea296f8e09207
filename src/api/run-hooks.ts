import type { Adapter } from '../adapters/adapter.js';
import { CompileError, StrataError } from '../errors/strata-error.js';
import type { NodeResult } from '../execute/results.js';
import type { ParsedProject, ProjectRunHooks } from '../parse/parse-project.js';
import { liveTemplateDatabase } from '../execute/live-template-database.js';

export type RunHookKind = 'on-run-start' | 'on-run-end';

export interface RunHookContext {
  /** on-run-end: the run's results, as dbt's `results` (each with `node`, `status`, `message`). */
  readonly results?: readonly NodeResult[];
  /** The schemas the run built into (`schemas`), for hooks such as grants on every schema. */
  readonly schemas: readonly string[];
}

/**
 * Runs the on-run-start or on-run-end hooks of every package and of the project, in dbt's order
 * (packages by name, the project's last). Returns how many statements ran.
 */
export async function runAllProjectHooks(kind: RunHookKind, parsed: ParsedProject, adapter: Adapter, context: RunHookContext): Promise<number> {
  let ran = 0;
  for (const hooks of parsed.runHooks) ran += await runProjectHooks(kind, hooks, parsed, adapter, context);
  return ran;
}

/**
 * Renders and runs one project file's on-run-start / on-run-end hooks, each statement on its own
 * (outside any model's transaction), in order. A failing hook is a StrataError naming the hook and
 * the project file (a package's, when it is one of its hooks).
 */
async function runProjectHooks(kind: RunHookKind, owner: ProjectRunHooks, parsed: ParsedProject, adapter: Adapter, context: RunHookContext): Promise<number> {
  const hooks = kind === 'on-run-start' ? owner.onRunStart : owner.onRunEnd;
  const projectFile = owner.projectFile;
  let ran = 0;
  for (const [index, hook] of hooks.entries()) {
    const name = `${kind} ${index + 1}`;
    let sql: string;
    try {
      const template = parsed.environment.compile(hook, `${projectFile} (${name})`);
      // Rendered as dbt renders hooks: with the database (execute is true; run_query, statement and
      // adapter reach it), ref and source, and the run's schemas and results.
      const rendered = await parsed.session.renderAdHoc({
        uniqueId: `operation.${owner.packageName}.${owner.packageName}-${kind}-${index}`,
        name: `${kind}-${index}`,
        file: { path: projectFile, original_file_path: projectFile, absolute_path: projectFile },
        live: { database: liveTemplateDatabase(adapter), isIncremental: false },
        render: (nodeContext) => {
          const scope = Object.create(nodeContext) as Record<string, unknown>;
          scope.schemas = [...context.schemas];
          scope.database = adapter.database;
          scope.results = (context.results ?? []).map((r) => ({ ...r, node: parsed.manifest.nodes[r.unique_id] ?? { unique_id: r.unique_id } }));
          return template.render(owner.wrap(scope));
        },
      });
      sql = rendered.sql.trim();
    } catch (error) {
      if (error instanceof StrataError) throw error;
      throw new CompileError(`${name}: ${(error as Error).message}`, { location: { file: projectFile } });
    }
    if (sql === '') continue;
    try {
      await adapter.withConnection((connection) => connection.query(sql));
    } catch (error) {
      throw new StrataError('run_hook_failed', `${name} failed: ${(error as Error).message}`, { location: { file: projectFile }, hint: `The hook's SQL was:\n${sql}` }, 1);
    }
    ran++;
  }
  return ran;
}
