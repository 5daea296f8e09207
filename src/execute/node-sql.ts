import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RenderedHook } from '../materialize/input.js';
import type { GraphNode } from '../parse/manifest.js';
import { normalizeHooks } from '../config/hooks.js';
import type { RunContext } from './run-context.js';

/** Whether `is_incremental()` is true for `node` now: an incremental model whose table exists, without a full refresh. */
export async function isIncrementalNow(context: RunContext, node: GraphNode, fullRefresh: boolean): Promise<boolean> {
  if (node.config.materialized !== 'incremental' || fullRefresh || !('alias' in node)) return false;
  const existing = await context.databaseState.relation({ database: node.database, schema: node.schema, identifier: node.alias });
  return existing !== undefined && (existing.kind === 'table' || existing.kind === 'partitioned_table');
}

/** The node's SQL for this run: compiled once at parse time, or rendered now when it needs the database. */
export async function executableSql(context: RunContext, node: GraphNode, fullRefresh: boolean): Promise<string> {
  if (node.resource_type === 'seed') return '';
  // run_results.json points at the compiled file, so a run writes it too, as compile does: the run
  // writes the compile-time SQL of every node on another thread as it starts (runProject), and a
  // node rendered again here writes its own.
  if (!node.needs_execute_render && node.compiled_code !== undefined) return node.compiled_code;
  const sql = await context.session.renderForExecution(node.unique_id, {
    database: context.templateDatabase,
    isIncremental: await isIncrementalNow(context, node, fullRefresh),
  });
  const compiled = sql ?? node.compiled_code ?? '';
  if (node.compiled_path) await writeCompiled(context, node.compiled_path, compiled);
  return compiled;
}

/** Writes a node's compiled SQL under target/compiled (creating each folder once per run). */
export async function writeCompiled(context: RunContext, compiledPath: string, sql: string): Promise<void> {
  const file = path.join(context.projectDir, compiledPath);
  const folder = path.dirname(file);
  if (!context.compiledFolders.has(folder)) {
    await mkdir(folder, { recursive: true });
    context.compiledFolders.add(folder);
  }
  await writeFile(file, sql);
}

/** The node's pre_hook or post_hook statements, rendered in its context (they may use `this`, `ref`, `run_query`). */
export async function renderedHooks(context: RunContext, node: GraphNode, which: 'pre_hook' | 'post_hook'): Promise<RenderedHook[]> {
  // The resolved config keeps each hook's transaction flag beside the SQL-only list dbt's config shows.
  const resolved = (node.config as { hooks?: Partial<Record<'pre_hook' | 'post_hook', ReturnType<typeof normalizeHooks>>> }).hooks?.[which];
  const hooks = resolved ?? normalizeHooks(node.config[which]);
  const rendered: RenderedHook[] = [];
  for (const [index, hook] of hooks.entries()) {
    const template = context.environment.compile(hook.sql, `${node.original_file_path} (${which} ${index + 1})`);
    const sql = await context.session.renderInNodeContext(node.unique_id, (ctx) => template.render(ctx), {
      database: context.templateDatabase,
      isIncremental: false,
    });
    rendered.push({ sql, transaction: hook.transaction });
  }
  return rendered;
}

/** --full-refresh as the node's `full_refresh` config allows: `false` protects it, `true` forces it. */
export function effectiveFullRefresh(node: GraphNode, requested: boolean): boolean {
  const configured = node.config.full_refresh;
  return typeof configured === 'boolean' ? configured : requested;
}
