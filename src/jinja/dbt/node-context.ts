import { CompileError } from '../../errors/strata-error.js';
import { Kwargs, fromHost } from '../runtime/values.js';
import { createAdapterObject, type DispatchSearchOrder } from './adapter-object.js';
import { AgateTable } from './agate-table.js';
import { createConfigFunction, type ConfigTarget } from './config-function.js';
import { USED_MACROS } from './macro-layer.js';
import type { MacroRegistry } from './macro-registry.js';
import { TemplateRelation } from './relation.js';
import type { QueryTable, TemplateDatabase } from './template-database.js';

/** What a node's render asks of the stage rendering it (parse at compile time, execute at run time). */
export interface NodeRenderHost {
  readonly nodeId: string;
  readonly file: string;
  readonly registry: MacroRegistry;
  readonly dispatchOrder: DispatchSearchOrder;
  /** Resolves `ref()` (and records the dependency). May wait for the referenced node's own render. */
  ref(name: string, packageName: string | undefined, version: string | number | undefined): Promise<TemplateRelation> | TemplateRelation;
  source(sourceName: string, tableName: string): TemplateRelation;
  readonly config: ConfigTarget;
  /** `this`: the node's own relation, from its configuration as resolved so far. */
  self(): TemplateRelation;
  /** dbt's `model` object (the node as a dict). */
  model(): Record<string, unknown>;
  /** True when rendering for an incremental run into an existing relation. */
  isIncremental(): boolean;
  /** Present when the render may talk to the database. */
  readonly database?: TemplateDatabase;
  /** Notes that the template used something only a live database answers. */
  databaseNeeded(what: string): void;
  /** Collects the unique_ids of macros the render calls. */
  readonly usedMacros?: Set<string>;
}

function splitArgs(args: unknown[]): { positional: unknown[]; kw: Record<string, unknown> } {
  const last = args[args.length - 1];
  return last instanceof Kwargs ? { positional: args.slice(0, -1), kw: last.values } : { positional: args, kw: {} };
}

/**
 * A render context for one node: inherits the project's shared context (vars, target, macros…)
 * and adds what is the node's own (ref, source, config, this, model, adapter, run_query, statement).
 */
export function createNodeContext(shared: object, host: NodeRenderHost): Record<string, unknown> {
  const context = Object.create(shared) as Record<string, unknown>;
  if (host.usedMacros) Object.defineProperty(context, USED_MACROS, { value: host.usedMacros });
  const statementResults = new Map<string, unknown>();
  let adapterObject: Record<string, unknown> | undefined;

  const runQuery = async (sql: string): Promise<QueryTable | undefined> => {
    host.databaseNeeded('run_query');
    if (!host.database) return undefined;
    return host.database.query(sql);
  };

  Object.defineProperties(context, {
    execute: {
      enumerable: true,
      get() {
        host.databaseNeeded('execute');
        return host.database !== undefined;
      },
    },
  });

  Object.assign(context, {
    ref: (...args: unknown[]) => {
      const { positional, kw } = splitArgs(args);
      const version = (kw.version ?? kw.v) as string | number | undefined;
      if (positional.length === 2) return host.ref(String(positional[1]), String(positional[0]), version);
      if (positional.length !== 1)
        throw new CompileError(`ref() takes one or two names, got ${positional.length}`, { location: { file: host.file }, nodeId: host.nodeId });
      return host.ref(String(positional[0]), undefined, version);
    },
    source: (...args: unknown[]) => {
      const { positional, kw } = splitArgs(args);
      const sourceName = positional[0] ?? kw.source_name;
      const tableName = positional[1] ?? kw.table_name;
      if (sourceName === undefined || tableName === undefined)
        throw new CompileError('source() takes a source name and a table name', { location: { file: host.file }, nodeId: host.nodeId });
      return host.source(String(sourceName), String(tableName));
    },
    config: createConfigFunction(host.config),
    is_incremental: () => {
      host.databaseNeeded('is_incremental');
      return host.isIncremental();
    },
    run_query: async (sql: unknown) => {
      const result = await runQuery(String(sql));
      return result ? new AgateTable(result) : null;
    },
    statement: async (...args: unknown[]) => {
      const { positional, kw } = splitArgs(args);
      const name = String(positional[0] ?? kw.name ?? 'statement');
      const fetch = Boolean(positional[1] ?? kw.fetch_result ?? false);
      const caller = kw.caller as ((...a: unknown[]) => Promise<unknown>) | undefined;
      const sql = caller ? String(await caller()) : '';
      const result = await runQuery(sql);
      if (result) {
        const table = new AgateTable(result);
        statementResults.set(name, {
          response: { code: result.status.split(' ')[0] ?? '', rows_affected: result.rowCount, _message: result.status },
          data: fetch ? table.rows.map((r) => fromHost([...r.cells])) : [],
          table: fetch ? table : null,
        });
      }
      return '';
    },
    load_result: (name: unknown) => statementResults.get(String(name)) ?? null,
    store_result: (...args: unknown[]) => {
      const { positional, kw } = splitArgs(args);
      statementResults.set(String(positional[0] ?? kw.name), { response: positional[1] ?? kw.response, table: positional[2] ?? kw.agate_table ?? null });
      return '';
    },
  });

  Object.defineProperties(context, {
    this: { enumerable: true, get: () => host.self() },
    model: { enumerable: true, get: () => host.model() },
    adapter: {
      enumerable: true,
      get: () =>
        (adapterObject ??= createAdapterObject({
          registry: host.registry,
          dispatchOrder: host.dispatchOrder,
          context,
          database: host.database,
          onDatabaseNeeded: (what) => host.databaseNeeded(what),
          file: host.file,
        })),
    },
  });
  return context;
}
