import type { Adapter, QueryResult } from '../adapters/adapter.js';
import { databaseStateFor } from '../adapters/database-state.js';
import { openAdapter } from '../adapters/open-adapter.js';
import { quoteIdentifier } from '../adapters/quoting.js';
import { ConfigError, ConnectionError, ExitCode, StrataError } from '../errors/strata-error.js';
import { liveTemplateDatabase } from '../execute/live-template-database.js';
import type { GraphNode } from '../parse/manifest.js';
import type { ParsedProject } from '../parse/parse-project.js';
import { loadManifest } from './load-manifest.js';
import { openProject } from './open-project.js';
import type { ProjectOptions, SelectionOptions } from './options.js';
import type { PreviousState } from '../graph/index.js';

/** dbt's default number of rows `show` prints. */
export const DEFAULT_SHOW_LIMIT = 5;

export interface ShowOptions extends ProjectOptions, SelectionOptions {
  /** `--inline`: SQL with Jinja to preview instead of a selected node. */
  readonly inline?: string;
  /** Rows to fetch; a negative number means all of them (dbt's `--limit -1`). Default 5. */
  readonly limit?: number;
  /** Check the selected node's SQL with PostgreSQL's parser first (default true). */
  readonly validate?: boolean;
  /** `--state`, and `--defer` / `--favor-state` as run takes them. */
  readonly state?: PreviousState;
  readonly defer?: boolean;
  readonly favorState?: boolean;
}

/** One previewed node (or the inline query): its name and first rows, with the columns in order. */
export interface ShownRows {
  readonly name: string;
  readonly uniqueId: string;
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, unknown>[];
}

/**
 * `strata show`: the first rows of the selected node's SQL (or of `--inline` SQL), compiled as a
 * run would compile it, run in a read-only transaction that is rolled back (a preview never writes).
 * A seed shows its table. Nothing is built and no artifact is written.
 */
export async function showNodes(options: ShowOptions): Promise<ShownRows[]> {
  const hasSelection = (options.select?.length ?? 0) > 0 || options.selector !== undefined;
  if ((options.inline === undefined) === !hasSelection) {
    throw new ConfigError(options.inline === undefined ? 'show needs --select (or --selector) or --inline' : 'show takes --select or --inline, not both', {
      hint: `strata show --select stg_players --limit 10, or strata show --inline "select * from {{ ref('stg_players') }}"`,
    });
  }
  const open = await openProject(options);
  // Opened first: with --defer the target is asked which relations it has.
  const adapter = await openAdapter(open.target, { projectDir: open.projectDir, applicationName: 'strata show' });
  try {
    const loaded = await loadManifest({
      ...options,
      open,
      validate: options.inline === undefined && (options.validate ?? true),
      defer: options.defer
        ? {
            favorState: options.favorState,
            relationExists: async (relation) => (await adapter.catalog.getRelation({ schema: relation.schema, identifier: relation.alias })) !== undefined,
          }
        : undefined,
    });
    const { parsed } = loaded;
    const manifest = parsed.manifest;
    const nodes = [...loaded.selected].map((id) => manifest.nodes[id]).filter((node): node is GraphNode => node !== undefined && node.resource_type !== 'unit_test');
    if (options.inline === undefined && nodes.length === 0) throw new ConfigError('--select matches no node to show (a model, seed, snapshot, analysis or test)');

    await adapter.serverVersion();
    const shown: ShownRows[] = [];
    if (options.inline !== undefined) {
      const inline = options.inline;
      const { sql } = await parsed.session.renderAdHoc({
        uniqueId: `sql_operation.${manifest.metadata.project_name}.inline_query`,
        name: 'inline_query',
        file: { path: '--inline', original_file_path: '--inline', absolute_path: '--inline' },
        live: { database: liveTemplateDatabase(adapter), isIncremental: false },
        render: (context) => parsed.environment.compile(inline, '--inline').render(context),
      });
      shown.push(rowsOf('inline_query', 'inline_query', await preview(adapter, sql, options.limit, '--inline')));
    } else {
      for (const node of [...nodes].sort((a, b) => a.unique_id.localeCompare(b.unique_id))) {
        const sql = await previewSql(parsed, adapter, node);
        shown.push(rowsOf(node.name, node.unique_id, await preview(adapter, sql, options.limit, node.original_file_path)));
      }
    }
    return shown;
  } finally {
    await adapter.close();
  }
}

/** The SQL a run would run for `node`, rendered now when it needs the database; a seed's table. */
async function previewSql(parsed: ParsedProject, adapter: Adapter, node: GraphNode): Promise<string> {
  if (node.resource_type === 'seed') {
    const existing = await databaseStateFor(adapter).relation({ database: node.database, schema: node.schema, identifier: node.alias });
    if (!existing) throw new StrataError('seed_not_loaded', `seed ${node.name} is not loaded in ${node.schema}`, { location: { file: node.original_file_path }, hint: `strata seed --select ${node.name}` }, ExitCode.nodeFailed);
    return `select * from ${quoteIdentifier(node.schema)}.${quoteIdentifier(node.alias)}`;
  }
  if (!node.needs_execute_render && node.compiled_code !== undefined) return node.compiled_code;
  const incremental =
    node.config.materialized === 'incremental' &&
    (await databaseStateFor(adapter).relation({ database: node.database, schema: node.schema, identifier: node.alias })) !== undefined;
  const sql = await parsed.session.renderForExecution(node.unique_id, { database: liveTemplateDatabase(adapter), isIncremental: incremental });
  return sql ?? node.compiled_code ?? '';
}

/** The first `limit` rows of `sql`, in a read-only transaction rolled back afterwards. */
async function preview(adapter: Adapter, sql: string, limit: number | undefined, file: string): Promise<QueryResult> {
  const body = sql.trim().replace(/;\s*$/, '');
  const n = limit ?? DEFAULT_SHOW_LIMIT;
  const query = `select * from (\n${body}\n) as strata_show${n >= 0 ? ` limit ${Math.floor(n)}` : ''}`;
  return adapter.withConnection(async (connection) => {
    await connection.query('begin read only');
    try {
      return await connection.query(query);
    } catch (error) {
      if (error instanceof ConnectionError || !(error instanceof StrataError)) throw error;
      throw new StrataError('show_failed', error.message, { location: { file }, hint: error.hint, cause: error }, ExitCode.nodeFailed);
    } finally {
      await connection.query('rollback').catch(() => undefined);
    }
  });
}

function rowsOf(name: string, uniqueId: string, result: QueryResult): ShownRows {
  return { name, uniqueId, columns: result.fields.map((f) => f.name), rows: result.rows };
}
