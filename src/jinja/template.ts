/** A compiled template: render it, run it as a module, or bind its macros to a context. */
import type { MacroMeta } from './eval/codegen.js';
import { makeMacro, type JinjaMacro, type MacroBody } from './eval/macro.js';
import type { EngineHost, IncludableTemplate, RenderState } from './eval/state.js';
import { support, type TemplateModuleStatics } from './eval/support.js';
import type { DefinitionKind } from './syntax/ast.js';

/** A top-level definition (macro or dbt block), known without rendering. */
export interface TemplateDefinition {
  readonly kind: DefinitionKind;
  /** The name as written in the tag. */
  readonly name: string;
  /** The name the macro is bound to: `test_<name>`, `materialization_<name>_<adapter>`, `docs_<name>`, else the name. */
  readonly boundName: string;
  readonly line: number;
  readonly params: string[];
  readonly adapter?: string;
}

/** What the macros of one bindMacros() call share: the render state, their scope, the macros made so far. */
interface Binding {
  readonly st: RenderState;
  readonly scope: object;
  readonly macros: JinjaMacro[];
}

const BINDING = Symbol('strata.jinja.binding');

type RootFunction = (st: RenderState, scope: Record<string, unknown>) => Promise<string>;

/** The output of code generation, instantiated by the Environment. */
export interface TemplateParts {
  readonly file: string;
  readonly source: string;
  readonly isPlainText: boolean;
  readonly statics: TemplateModuleStatics;
  readonly topLevel: readonly number[];
}

export class Template implements IncludableTemplate {
  readonly file: string;
  readonly source: string;
  /** True when the source has no `{{`, `{%` or `{#`. */
  readonly isPlainText: boolean;
  /** Top-level definitions (macro, test, materialization, snapshot, docs blocks), known without rendering. */
  readonly definitions: readonly TemplateDefinition[];
  private readonly statics: TemplateModuleStatics;
  private readonly topLevel: readonly MacroMeta[];

  constructor(
    private readonly env: EngineHost,
    parts: TemplateParts,
  ) {
    this.file = parts.file;
    this.source = parts.source;
    this.isPlainText = parts.isPlainText;
    this.statics = parts.statics;
    this.topLevel = parts.topLevel.map((i) => parts.statics.macros[i]!);
    this.definitions = this.topLevel.map((m) => ({
      kind: m.definition as DefinitionKind,
      name: m.sourceName,
      boundName: m.name,
      line: m.line,
      params: [...m.params],
      ...(m.adapter === undefined ? {} : { adapter: m.adapter }),
    }));
  }

  /** The template's name for messages (its file). */
  get name(): string {
    return this.file;
  }

  private get root(): RootFunction {
    return this.statics.fns[0] as unknown as RootFunction;
  }

  /** Renders with `context`: a name is looked up as `context[name]` (prototype chain allowed), then env.globals. */
  render(context: object = {}): Promise<string> {
    return this.root({ env: this.env, vars: context }, Object.create(null));
  }

  /** Runs the top level (like Jinja2's make_module) and returns its exported names: macros and top-level `set`s. */
  module(context: object = {}): Promise<Record<string, unknown>> {
    return this.moduleIn(context, null);
  }

  /**
   * Binds this template's top-level macro/test/materialization/snapshot/docs blocks to `context` without
   * running the top level. Keys are the bound names (see TemplateDefinition.boundName).
   */
  bindMacros(context: object): Record<string, JinjaMacro> {
    const scope = Object.create(this.bindingPrototype()) as Record<string | symbol, unknown>;
    const binding: Binding = { st: { env: this.env, vars: context }, scope, macros: [] };
    Object.defineProperty(scope, BINDING, { value: binding });
    return scope as Record<string, JinjaMacro>;
  }

  private bindingProto?: object;

  /**
   * The prototype of every bound scope of this template: one accessor per top-level macro that makes
   * the macro value on first use, for the scope the lookup started from. A render calls one or two
   * macros of a file, and making every macro of the file for every node was a large share of a big
   * compile. Assigning a macro's name in a nested scope defines it there (as a data property would).
   */
  private bindingPrototype(): object {
    if (this.bindingProto) return this.bindingProto;
    const proto = Object.create(null) as object;
    this.topLevel.forEach((meta, index) => {
      const body = this.statics.fns[meta.body]!;
      const file = this.file;
      Object.defineProperty(proto, meta.name, {
        enumerable: true,
        configurable: true,
        get(this: { [BINDING]: Binding }) {
          const binding = this[BINDING];
          return (binding.macros[index] ??= makeMacro(meta, file, binding.st, binding.scope, body));
        },
        set(this: object, value: unknown) {
          Object.defineProperty(this, meta.name, { value, writable: true, enumerable: true, configurable: true });
        },
      });
    });
    return (this.bindingProto = proto);
  }

  /** @internal Renders as an include: `parent` is the including scope (with context) or null. */
  renderIn(vars: object, parent: object | null): Promise<string> {
    return this.root({ env: this.env, vars }, Object.create(parent));
  }

  /** @internal Runs the top level and collects its exports (names not starting with `_`). */
  async moduleIn(vars: object, parent: object | null): Promise<Record<string, unknown>> {
    const scope: Record<string, unknown> = Object.create(parent);
    await this.root({ env: this.env, vars }, scope);
    const exports: Record<string, unknown> = Object.create(null);
    for (const key of Object.keys(scope)) if (!key.startsWith('_')) exports[key] = scope[key];
    return exports;
  }
}

/** Generated code turned into a function of the runtime and a template's statics, returning its functions. */
export type TemplateFactory = (rt: typeof support, tpl: TemplateModuleStatics) => MacroBody[];

/** Compiles generated code once; the factory can serve every template whose code is the same. */
export function makeFactory(code: string): TemplateFactory {
  return new Function('$rt', '$tpl', code) as TemplateFactory;
}

/** Instantiates a factory for one template's statics. */
export function instantiate(factory: TemplateFactory, statics: Omit<TemplateModuleStatics, 'fns'>): TemplateModuleStatics {
  const full: TemplateModuleStatics = { ...statics, fns: [] };
  full.fns = factory(support, full);
  return full;
}
