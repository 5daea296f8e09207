import { CompileError, StrataError } from '../errors/strata-error.js';
import type { DispatchSearchOrder } from '../jinja/dbt/adapter-object.js';
import { bindMacro } from '../jinja/dbt/macro-layer.js';
import type { MacroRegistry } from '../jinja/dbt/macro-registry.js';
import { createNodeContext, type NodeRenderHost } from '../jinja/dbt/node-context.js';
import { TemplateRelation, type RelationType } from '../jinja/dbt/relation.js';
import { fromHost, Kwargs } from '../jinja/runtime/values.js';
import type { TemplateDatabase } from '../jinja/dbt/template-database.js';
import { closestNames } from './closest-names.js';
import { ephemeralCteName, injectCtes } from './ephemeral-ctes.js';
import type { NodeFile, SourceNode } from './manifest.js';
import { NodeDraft, type NodeDraftInput } from './node-draft.js';
import { defaultAliasName, defaultDatabaseName, defaultSchemaName } from './relation-naming.js';
import { toRenderError } from './render-error.js';

export interface CompileSessionOptions {
  readonly rootPackage: string;
  readonly registry: MacroRegistry;
  readonly dispatchOrder: DispatchSearchOrder;
  /** The shared part of every render context (vars, target, env_var, macros layer…). */
  readonly sharedContext: object;
  readonly target: { readonly schema: string; readonly database: string };
  readonly sources: ReadonlyMap<string, SourceNode>;
  /** Lets templates query the database; absent for a compile that needs none. */
  readonly database?: TemplateDatabase;
  /** Whether `is_incremental()` may be true (a run against an existing relation, without --full-refresh). */
  readonly isIncremental?: (draft: NodeDraft) => boolean;
  /** `--empty`: every `ref` and `source` reads no rows (dbt's limit 0), to build and check empty relations. */
  readonly emptyInputs?: boolean;
  /** `--defer`: the relation a `ref` to this node resolves to instead of its own (another environment's). */
  readonly deferredRelation?: (uniqueId: string) => { database: string; schema: string; alias: string } | undefined;
}

/** What an execute-time render knows that a compile does not. */
export interface ExecutionRender {
  readonly database: TemplateDatabase;
  readonly isIncremental: boolean;
}

/**
 * A snapshot's `target_schema` / `target_database` (dbt's older snapshot config) name its relation
 * as they are, past generate_schema_name, so refs to it and its own build agree.
 */
function snapshotTarget(draft: NodeDraft, parts: { database: string; schema: string; alias: string }): { database: string; schema: string; alias: string } {
  if (draft.input.resource_type !== 'snapshot') return parts;
  const schema = draft.config.target_schema;
  const database = draft.config.target_database;
  return {
    database: typeof database === 'string' && database !== '' ? database : parts.database,
    schema: typeof schema === 'string' && schema !== '' ? schema : parts.schema,
    alias: parts.alias,
  };
}

/** A relation's parts as one comparable key. */
function relationKey(parts: { readonly database: string; readonly schema: string; readonly alias: string }): string {
  return `${parts.database}\u0000${parts.schema}\u0000${parts.alias}`;
}

/** Text rendered as if it were a model of the root project (see CompileSession.renderAdHoc). */
export interface AdHocRender {
  readonly uniqueId: string;
  readonly name: string;
  /** Where the text comes from, for messages (`--inline`, the macro's file). */
  readonly file: NodeFile;
  readonly render: (context: Record<string, unknown>) => Promise<string>;
  readonly live?: ExecutionRender;
}

/** A render of a model for one of its unit tests: inputs read from fixture CTEs, overrides applied. */
export interface UnitTestRender {
  /** The fixture CTE of each input: by the input node's unique_id, or `this`. */
  readonly inputs: ReadonlyMap<string, string>;
  readonly isIncremental: boolean;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly envVars: Readonly<Record<string, unknown>>;
  /** Macros replaced by a value, by name (`current_timestamp: "'2024-01-01'"`). */
  readonly macros: Readonly<Record<string, unknown>>;
  readonly database?: TemplateDatabase;
  /** The error for a `ref`/`source` of the model that no fixture stands for (`ref('x')`). */
  missingInput(call: string): StrataError;
}

const REFABLE = new Set(['model', 'seed', 'snapshot']);

/** Renders started together by compileAll: enough to keep waiting renders from idling the thread. */
const CONCURRENT_RENDERS = 16;

/**
 * Renders every node once with a `ref` that both resolves the referenced relation and records the
 * edge. A `ref` to a node whose relation depends on its own in-file `config()` waits for that node's
 * render, so nodes render in dependency order without a separate parse pass; a wait that would close
 * a loop is reported as a cycle.
 */
export class CompileSession {
  readonly drafts = new Map<string, NodeDraft>();
  private readonly byName = new Map<string, NodeDraft[]>();
  private readonly waitsFor = new Map<NodeDraft, Set<NodeDraft>>();
  readonly errors: StrataError[] = [];

  constructor(
    private readonly options: CompileSessionOptions,
    inputs: readonly NodeDraftInput[],
  ) {
    for (const input of inputs) {
      const draft = new NodeDraft(input);
      this.drafts.set(input.unique_id, draft);
      if (REFABLE.has(input.resource_type)) {
        const list = this.byName.get(input.name);
        if (list) list.push(draft);
        else this.byName.set(input.name, [draft]);
      }
    }
  }

  /**
   * Renders every enabled node; errors are gathered, not thrown. A few renders are under way at once
   * (a render that waits for a ref starts that node's render at once, outside this bound): starting
   * all of them together kept every render's context, scopes and promises alive at the same time,
   * and copying them between the young and old generations was a third of a large compile.
   */
  async compileAll(): Promise<void> {
    const drafts = [...this.drafts.values()];
    let next = 0;
    const renderInTurn = async () => {
      while (next < drafts.length) await this.compile(drafts[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENT_RENDERS, drafts.length) }, renderInTurn));
  }

  private compile(draft: NodeDraft): Promise<void> {
    draft.ready ??= this.render(draft).finally(() => {
      draft.finished = true;
    });
    return draft.ready;
  }

  private async render(draft: NodeDraft): Promise<void> {
    const { input } = draft;
    for (const ref of input.staticRefs) {
      const target = this.find(ref.name, ref.packageName, undefined, input.package_name);
      // A versioned model's static ref cannot tell which version is meant: the render records it.
      if (target && target !== draft && target.input.version === undefined) draft.dependsOn.add(target.id);
    }
    for (const [sourceName, tableName] of input.staticSources) {
      const id = this.sourceId(sourceName, tableName);
      if (id) draft.dependsOn.add(id);
    }
    const context = this.contextFor(draft);
    try {
      await this.assignRelation(draft, context);
      if (input.render) {
        draft.renderedSql = await input.render(context);
        draft.compiled = injectCtes(draft.renderedSql, this.ephemeralCtes(draft));
      }
    } catch (error) {
      draft.failed = true;
      this.errors.push(toRenderError(error, draft));
    }
    try {
      if (draft.namingConfigChanged) await this.assignRelation(draft, context);
      draft.relationFinal = true;
      // `this` printed before an in-file config() renamed the relation through the project's
      // generate_*_name macros: render once more, with `this` the relation the node builds.
      if (input.render && !draft.failed && [...draft.provisionalThis].some((printed) => printed !== relationKey(draft.relation!))) {
        draft.refs.length = 0;
        draft.sources.length = 0;
        draft.renderedSql = await input.render(this.contextFor(draft));
        draft.compiled = injectCtes(draft.renderedSql, this.ephemeralCtes(draft));
      }
    } catch (error) {
      draft.failed = true;
      this.errors.push(toRenderError(error, draft));
    }
  }

  /**
   * Renders a node again at execute time, when its template needs the database (is_incremental,
   * run_query, introspection). Its relation and edges are already known from the compile pass.
   */
  async renderForExecution(uniqueId: string, live: ExecutionRender): Promise<string | undefined> {
    const draft = this.drafts.get(uniqueId);
    if (!draft?.input.render) return undefined;
    const context = this.contextFor(draft, live);
    try {
      return injectCtes(await draft.input.render(context), this.ephemeralCtes(draft));
    } catch (error) {
      throw toRenderError(error, draft);
    }
  }

  /**
   * Renders a model for a unit test: each `ref`/`source` (and `this`, when given) reads its fixture
   * CTE, nothing is recorded on the model, and the overrides replace vars, env vars and macros.
   */
  async renderForUnitTest(uniqueId: string, unit: UnitTestRender): Promise<string> {
    const draft = this.drafts.get(uniqueId);
    if (!draft?.input.render) throw new CompileError(`unknown model ${uniqueId}`);
    const context = this.contextFor(draft, undefined, unit);
    try {
      return await draft.input.render(context);
    } catch (error) {
      throw toRenderError(error, draft);
    }
  }

  /**
   * Renders what is no node of the project (`run-operation`'s macro or `--sql`, `show --inline`) in a
   * context like a model's of the root project: `ref` and `source` resolve to the project's relations
   * (an ephemeral model to a CTE, injected into what comes out), `execute` is true when `live` is
   * given, and nothing is recorded on the project's nodes. Returns the SQL and what it read.
   */
  async renderAdHoc(adHoc: AdHocRender): Promise<{ sql: string; dependsOn: string[] }> {
    const draft = new NodeDraft({
      unique_id: adHoc.uniqueId,
      resource_type: 'model',
      name: adHoc.name,
      package_name: this.options.rootPackage,
      fqn: [this.options.rootPackage, adHoc.name],
      file: adHoc.file,
      raw_code: '',
      description: '',
      columns: {},
      render: adHoc.render,
      resolveConfig: () => ({ enabled: true, materialized: 'view', tags: [], meta: {} }) as unknown as NodeDraft['config'],
      staticRefs: [],
      staticSources: [],
    });
    try {
      const rendered = await adHoc.render(this.contextFor(draft, adHoc.live));
      return { sql: injectCtes(rendered, this.ephemeralCtes(draft)), dependsOn: [...draft.dependsOn] };
    } catch (error) {
      throw toRenderError(error, draft);
    }
  }

  /** The unique_id a `ref` from package `fromPackage` resolves to, as a render would resolve it. */
  refTarget(name: string, packageName: string | undefined, version: string | number | undefined, fromPackage: string): string | undefined {
    return this.find(name, packageName, version, fromPackage)?.id;
  }

  /** The unique_id of a declared source table. */
  sourceTarget(sourceName: string, tableName: string): string | undefined {
    return this.sourceId(sourceName, tableName);
  }

  /** Renders `template` (a hook) in the context of node `uniqueId`, with the database when given. */
  async renderInNodeContext(uniqueId: string, render: (context: Record<string, unknown>) => Promise<string>, live?: ExecutionRender): Promise<string> {
    const draft = this.drafts.get(uniqueId);
    if (!draft) throw new CompileError(`unknown node ${uniqueId}`);
    try {
      return await render(this.contextFor(draft, live));
    } catch (error) {
      throw toRenderError(error, draft);
    }
  }

  /** `model` as templates see it: the node's names, config and relation. */
  modelValue(draft: NodeDraft): Record<string, unknown> {
    return {
      unique_id: draft.id,
      name: draft.input.name,
      resource_type: draft.input.resource_type,
      package_name: draft.input.package_name,
      original_file_path: draft.input.file.original_file_path,
      path: draft.input.file.path,
      fqn: [...draft.input.fqn],
      config: draft.ownConfig(),
      description: draft.input.description,
      raw_code: draft.input.raw_code,
      // What dbt's node dict also carries, as known so far (at execute time: all of it).
      tags: [...(draft.config.tags ?? [])],
      meta: draft.config.meta ?? {},
      columns: draft.input.columns,
      depends_on: { nodes: [...draft.dependsOn], macros: [...draft.macros] },
      refs: draft.refs.map((ref) => ({ ...ref })),
      sources: draft.sources.map((source) => [...source]),
      ...(draft.input.version !== undefined ? { version: draft.input.version } : {}),
      ...(draft.input.patch_path !== undefined ? { patch_path: draft.input.patch_path } : {}),
      ...this.provisionalRelation(draft),
    };
  }

  /** A render context for `draft`: its ref/source/config/this over the shared context. */
  contextFor(draft: NodeDraft, live?: ExecutionRender, unit?: UnitTestRender): Record<string, unknown> {
    const session = this;
    if (unit) return this.unitTestContext(draft, unit);
    const host: NodeRenderHost = {
      nodeId: draft.id,
      file: draft.input.file.original_file_path,
      registry: this.options.registry,
      dispatchOrder: this.options.dispatchOrder,
      ref: (name, packageName, version) => session.ref(draft, name, packageName, version),
      source: (sourceName, tableName) => session.source(draft, sourceName, tableName),
      config: {
        nodeId: draft.id,
        file: draft.input.file.original_file_path,
        record: (values) => draft.recordConfig(values),
        current: () => draft.config,
        own: () => draft.ownConfig(),
      },
      self: () => {
        const relation = session.provisionalRelation(draft);
        if (!draft.relationFinal) draft.provisionalThis.add(relationKey(relation));
        return session.relationValue(draft, relation);
      },
      model: () => session.modelValue(draft),
      isIncremental: () => (live ? live.isIncremental : (this.options.isIncremental?.(draft) ?? false)),
      database: live?.database ?? this.options.database,
      databaseNeeded: () => {
        draft.needsExecuteRender = true;
      },
      usedMacros: draft.macros,
    };
    return createNodeContext(this.options.sharedContext, host);
  }

  /** The context of a unit test render (see renderForUnitTest). */
  private unitTestContext(draft: NodeDraft, unit: UnitTestRender): Record<string, unknown> {
    const session = this;
    const cte = (name: string) => new TemplateRelation({ database: null, schema: null, identifier: name }, 'cte');
    const input = (id: string | undefined, call: string) => {
      const name = id === undefined ? undefined : unit.inputs.get(id);
      if (name === undefined) throw unit.missingInput(call);
      return cte(name);
    };
    const host: NodeRenderHost = {
      nodeId: draft.id,
      file: draft.input.file.original_file_path,
      registry: this.options.registry,
      dispatchOrder: this.options.dispatchOrder,
      ref: (name, packageName, version) =>
        input(
          session.refTarget(name, packageName, version, draft.input.package_name),
          `ref(${packageName ? `'${packageName}', ` : ''}'${name}'${version !== undefined ? `, v=${JSON.stringify(version)}` : ''})`,
        ),
      source: (sourceName, tableName) => input(session.sourceId(sourceName, tableName), `source('${sourceName}', '${tableName}')`),
      config: { nodeId: draft.id, file: draft.input.file.original_file_path, record: () => undefined, current: () => draft.config, own: () => draft.ownConfig() },
      self: () => {
        const name = unit.inputs.get('this');
        return name !== undefined ? cte(name) : session.relationValue(draft, session.provisionalRelation(draft));
      },
      model: () => session.modelValue(draft),
      isIncremental: () => unit.isIncremental,
      database: unit.database,
      databaseNeeded: () => undefined,
    };
    const context = createNodeContext(this.options.sharedContext, host);
    const inherited = context as { var?: (...args: unknown[]) => unknown; env_var?: (...args: unknown[]) => unknown };
    const withOverrides = (original: ((...args: unknown[]) => unknown) | undefined, values: Readonly<Record<string, unknown>>) => (...args: unknown[]) => {
      const name = args[0] instanceof Kwargs || args[0] === undefined ? undefined : String(args[0]);
      if (name !== undefined && Object.prototype.hasOwnProperty.call(values, name)) return fromHost(values[name]);
      return original?.(...args);
    };
    const overrides: Record<string, unknown> = {
      var: withOverrides(inherited.var, unit.vars),
      env_var: withOverrides(inherited.env_var, unit.envVars),
    };
    for (const [name, value] of Object.entries(unit.macros)) {
      if (name === 'is_incremental' || name.includes('.')) continue;
      overrides[name] = () => fromHost(value);
    }
    for (const [name, value] of Object.entries(overrides)) Object.defineProperty(context, name, { value, enumerable: true, configurable: true, writable: true });
    return context;
  }

  private find(name: string, packageName: string | undefined, version: string | number | undefined, fromPackage: string): NodeDraft | undefined {
    const candidates = (this.byName.get(name) ?? []).filter((d) => d.config.enabled !== false);
    const inPackage = (pkg: string) => candidates.filter((d) => d.input.package_name === pkg);
    let matches = packageName ? inPackage(packageName) : inPackage(fromPackage);
    if (!packageName && matches.length === 0) matches = inPackage(this.options.rootPackage);
    if (!packageName && matches.length === 0) matches = candidates;
    if (version !== undefined) return matches.find((d) => String(d.input.version) === String(version));
    return matches.find((d) => d.input.isLatestVersion !== false) ?? matches[0];
  }

  private async ref(from: NodeDraft, name: string, packageName: string | undefined, version: string | number | undefined): Promise<TemplateRelation> {
    const target = this.find(name, packageName, version, from.input.package_name);
    const shown = packageName ? `${packageName}.${name}` : name;
    if (!target) {
      const suggestions = closestNames(name, this.byName.keys());
      throw new CompileError(`ref('${shown}') names no ${version !== undefined ? `version ${version} of a ` : ''}model, seed or snapshot`, {
        location: { file: from.input.file.original_file_path },
        nodeId: from.id,
        hint: suggestions.length ? `Did you mean ${suggestions.map((s) => `'${s}'`).join(', ')}?` : 'Check the name and that the node is enabled.',
      });
    }
    from.dependsOn.add(target.id);
    from.refs.push({ name, ...(packageName ? { package: packageName } : {}), ...(version !== undefined ? { version } : {}) });
    if (target === from) {
      throw new CompileError(`${from.input.name} refs itself`, {
        location: { file: from.input.file.original_file_path },
        nodeId: from.id,
        hint: 'Use {{ this }} for the model’s own relation.',
      });
    }
    await this.waitFor(from, target);
    if (target.config.materialized === 'ephemeral' && target.input.resource_type === 'model') {
      from.addEphemeralRef(target);
      return new TemplateRelation({ database: null, schema: null, identifier: ephemeralCteName(target.input.name) }, 'cte');
    }
    const deferred = this.options.deferredRelation?.(target.id);
    const relation = this.relationValue(target, deferred ?? target.relation ?? this.provisionalRelation(target));
    return this.options.emptyInputs ? relation.limited(0) : relation;
  }

  /** Waits until `target` has rendered, unless waiting would close a loop of renders. */
  private async waitFor(from: NodeDraft, target: NodeDraft): Promise<void> {
    if (target.finished) return;
    const loop = this.pathOfWaits(target, from);
    if (loop) {
      const names = [from, ...loop].map((d) => d.id);
      throw new CompileError(`dependency cycle: ${names.join(' → ')}`, {
        location: { file: from.input.file.original_file_path },
        nodeId: from.id,
        hint: 'Remove one of the refs so the models form a chain, not a loop.',
      });
    }
    let waits = this.waitsFor.get(from);
    if (!waits) this.waitsFor.set(from, (waits = new Set()));
    waits.add(target);
    try {
      await this.compile(target);
    } finally {
      waits.delete(target);
    }
  }

  /** The chain of waits from `start` to `goal`, if `start` (transitively) waits for `goal`. */
  private pathOfWaits(start: NodeDraft, goal: NodeDraft): NodeDraft[] | undefined {
    const seen = new Set<NodeDraft>();
    const visit = (node: NodeDraft): NodeDraft[] | undefined => {
      if (node === goal) return [node];
      if (seen.has(node)) return undefined;
      seen.add(node);
      for (const next of this.waitsFor.get(node) ?? []) {
        const rest = visit(next);
        if (rest) return [node, ...rest];
      }
      return undefined;
    };
    return visit(start);
  }

  private sourceId(sourceName: string, tableName: string): string | undefined {
    for (const [id, source] of this.options.sources) if (source.source_name === sourceName && source.name === tableName) return id;
    return undefined;
  }

  private source(from: NodeDraft, sourceName: string, tableName: string): TemplateRelation {
    const id = this.sourceId(sourceName, tableName);
    if (!id) {
      const known = [...this.options.sources.values()].map((s) => `${s.source_name}.${s.name}`);
      const suggestions = closestNames(`${sourceName}.${tableName}`, known);
      throw new CompileError(`source('${sourceName}', '${tableName}') is not declared in any property file`, {
        location: { file: from.input.file.original_file_path },
        nodeId: from.id,
        hint: suggestions.length ? `Did you mean ${suggestions.join(', ')}?` : 'Declare it under sources: in a .yml file.',
      });
    }
    const source = this.options.sources.get(id)!;
    from.dependsOn.add(id);
    from.sources.push([sourceName, tableName]);
    const relation = new TemplateRelation({ database: source.database, schema: source.schema, identifier: source.identifier }, 'table');
    return this.options.emptyInputs ? relation.limited(0) : relation;
  }

  /** The relation as naming rules give it from the config known so far (default naming macros). */
  provisionalRelation(draft: NodeDraft): { database: string; schema: string; alias: string } {
    if (draft.relation && (draft.relationFinal || !draft.namingConfigChanged)) return draft.relation;
    const { config } = draft;
    return snapshotTarget(draft, {
      database: defaultDatabaseName(config.database, this.options.target.database),
      schema: defaultSchemaName(config.schema, this.options.target.schema),
      alias: defaultAliasName(config.alias, draft.input.shortName ?? draft.input.name, draft.input.version),
    });
  }

  private relationValue(draft: NodeDraft, parts: { database: string; schema: string; alias: string }): TemplateRelation {
    const materialized = draft.config.materialized;
    const type: RelationType = materialized === 'view' ? 'view' : materialized === 'materialized_view' ? 'materialized_view' : 'table';
    return new TemplateRelation({ database: parts.database, schema: parts.schema, identifier: parts.alias }, type);
  }

  /** Final naming, through the project's generate_*_name macros when it defines them. */
  private async assignRelation(draft: NodeDraft, context: Record<string, unknown>): Promise<void> {
    const { config } = draft;
    draft.relation = undefined;
    const fallback = this.provisionalRelation(draft);
    // The node as a dict, made only for a project that names relations its own way.
    let nodeDict: Record<string, unknown> | undefined;
    const call = async (macroName: string, custom: unknown, otherwise: string): Promise<string> => {
      const entry = this.options.registry.get(this.options.rootPackage, macroName) ?? this.packageOverride(macroName);
      if (!entry) return otherwise;
      const macro = bindMacro(context, entry) as (...args: unknown[]) => Promise<unknown>;
      nodeDict ??= (context.model as Record<string, unknown> | undefined) ?? {};
      const value = await macro(custom ?? null, nodeDict);
      return String(value).trim();
    };
    const schema = await call('generate_schema_name', config.schema, fallback.schema);
    const alias = await call('generate_alias_name', config.alias, fallback.alias);
    const database = await call('generate_database_name', config.database, fallback.database);
    draft.relation = snapshotTarget(draft, { database, schema, alias });
    draft.namingConfigChanged = false;
  }

  private packageOverride(macroName: string) {
    const entry = this.options.registry.resolve(macroName);
    return entry && entry.packageName !== this.options.registry.builtinPackage ? entry : undefined;
  }

  /** The ephemeral models `draft` refs, transitively, dependencies first, as (cte name, sql). */
  private ephemeralCtes(draft: NodeDraft): [string, string][] {
    const ordered: [string, string][] = [];
    const seen = new Set<NodeDraft>();
    const visit = (node: NodeDraft) => {
      for (const eph of node.ephemeralRefs) {
        if (seen.has(eph)) continue;
        seen.add(eph);
        visit(eph);
        ordered.push([ephemeralCteName(eph.input.name), eph.renderedSql ?? '']);
      }
    };
    visit(draft);
    return ordered;
  }
}
