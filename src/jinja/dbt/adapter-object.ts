import { CompileError } from '../../errors/strata-error.js';
import { Kwargs } from '../runtime/values.js';
import { bindMacro } from './macro-layer.js';
import type { MacroEntry, MacroRegistry } from './macro-registry.js';
import { TemplateColumn } from './column.js';
import { TemplateRelation } from './relation.js';
import type { TemplateDatabase } from './template-database.js';

/** Settings of `dispatch:` in the project file: for a macro namespace, the packages to search, in order. */
export type DispatchSearchOrder = ReadonlyMap<string, readonly string[]>;

export interface AdapterObjectOptions {
  readonly registry: MacroRegistry;
  readonly dispatchOrder: DispatchSearchOrder;
  /** The render's context, to bind dispatched macros to. */
  readonly context: object;
  /** Present when the render may talk to the database. */
  readonly database?: TemplateDatabase;
  /** Called when a template asks what only a database can answer (so the node is rendered again at execute time). */
  readonly onDatabaseNeeded: (what: string) => void;
  readonly file: string;
}

/** Macro name prefixes tried by adapter.dispatch, most specific first (PGlite is PostgreSQL). */
const DISPATCH_PREFIXES = ['postgres', 'default'] as const;

function kwargsOf(args: unknown[]): { positional: unknown[]; kw: Record<string, unknown> } {
  const last = args[args.length - 1];
  return last instanceof Kwargs ? { positional: args.slice(0, -1), kw: last.values } : { positional: args, kw: {} };
}

/**
 * The macro `adapter.dispatch(macroName, namespace)` calls, or every name it looked for. dbt's order:
 * the project's `dispatch:` setting for the namespace; else, for an installed package, the root
 * project then that package; else (no namespace, `dbt`, or a package that is not installed) the
 * plain lookup: the root project, then every package. Built-ins come last. In each package the
 * adapter's own implementation is tried before the default one.
 */
export function dispatchTarget(
  registry: MacroRegistry,
  dispatchOrder: DispatchSearchOrder,
  macroName: string,
  namespace: string | null,
): { entry?: MacroEntry; searched: string[] } {
  const configured = namespace ? dispatchOrder.get(namespace) : undefined;
  const installed = registry.packages().filter((p) => p !== registry.rootPackage && p !== registry.builtinPackage);
  const order = configured
    ? [...configured]
    : namespace && installed.includes(namespace)
      ? [registry.rootPackage, namespace]
      : [registry.rootPackage, ...installed];
  if (!order.includes(registry.builtinPackage)) order.push(registry.builtinPackage);
  const searched: string[] = [];
  for (const packageName of new Set(order)) {
    for (const prefix of DISPATCH_PREFIXES) {
      const candidate = `${prefix}__${macroName}`;
      searched.push(`${packageName}.${candidate}`);
      const entry = registry.get(packageName, candidate);
      if (entry) return { entry, searched };
    }
  }
  // dbt also accepts an undecorated macro of that name in the namespace.
  const plain = namespace ? registry.get(namespace, macroName) : undefined;
  return plain ? { entry: plain, searched } : { searched };
}

/** dbt's `adapter` object for templates: dispatch, quoting, and catalog questions. */
export function createAdapterObject(options: AdapterObjectOptions): Record<string, unknown> {
  const { registry, dispatchOrder, context } = options;

  const dispatch = (...args: unknown[]): unknown => {
    const { positional, kw } = kwargsOf(args);
    const macroName = String(positional[0] ?? kw.macro_name);
    const namespace = (positional[1] ?? kw.macro_namespace ?? null) as string | null;
    const found = dispatchTarget(registry, dispatchOrder, macroName, namespace);
    if (found.entry) return bindMacro(context, found.entry);
    throw new CompileError(`adapter.dispatch found no implementation of '${macroName}'`, {
      location: { file: options.file },
      hint: `Define one of: ${found.searched.slice(0, 6).join(', ')}${found.searched.length > 6 ? ', …' : ''}`,
    });
  };

  const needDatabase = (what: string): TemplateDatabase | undefined => {
    options.onDatabaseNeeded(what);
    return options.database;
  };

  return {
    type: () => 'postgres',
    dispatch,
    quote: (identifier: unknown) => `"${String(identifier).replace(/"/g, '""')}"`,
    quote_as_configured: (identifier: unknown) => `"${String(identifier).replace(/"/g, '""')}"`,
    get_relation: async (...args: unknown[]) => {
      const { positional, kw } = kwargsOf(args);
      const [database, schema, identifier] = [positional[0] ?? kw.database, positional[1] ?? kw.schema, positional[2] ?? kw.identifier].map(
        (v) => (v === null || v === undefined ? null : String(v)),
      );
      const db = needDatabase('adapter.get_relation');
      if (!db) return null;
      const parts = { database, schema, identifier };
      const type = await db.relationType(parts);
      return type ? new TemplateRelation(parts, type) : null;
    },
    get_columns_in_relation: async (relation: unknown) => {
      const db = needDatabase('adapter.get_columns_in_relation');
      if (!db || !(relation instanceof TemplateRelation)) return [];
      const columns = await db.columns(relation.parts);
      return columns.map((c) => new TemplateColumn(c.name, c.data_type));
    },
    check_schema_exists: async (...args: unknown[]) => {
      const { positional } = kwargsOf(args);
      const db = needDatabase('adapter.check_schema_exists');
      if (!db) return false;
      const table = await db.query(`select 1 from information_schema.schemata where schema_name = '${String(positional[1]).replace(/'/g, "''")}'`);
      return table.rowCount > 0;
    },
  };
}
