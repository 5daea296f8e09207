/** What a render carries: the environment's tables and the context, and how names resolve through them. */
import type { CallContext, Filter, Test } from '../runtime/index.js';
import { Undefined, fromHost } from '../runtime/index.js';

/** The environment as generated code sees it. */
export interface EngineHost {
  readonly globals: Record<string, unknown>;
  readonly filters: Record<string, Filter>;
  readonly tests: Record<string, Test>;
  readonly callContext: CallContext;
  /** A template by name through the loader (compiled once), or undefined when the loader has none. */
  getTemplate(name: string): IncludableTemplate | undefined;
}

/** What `{% include %}`, `{% import %}` and `{% from %}` need of another template. */
export interface IncludableTemplate {
  readonly name: string;
  /** Renders with `vars` as context; `parent` (with context) is the including scope whose locals it sees. */
  renderIn(vars: object, parent: object | null): Promise<string>;
  /** Runs the top level and returns the exported names (macros and top-level sets). */
  moduleIn(vars: object, parent: object | null): Promise<Record<string, unknown>>;
}

/** Per-render state handed to every generated function as `$st`. */
export interface RenderState {
  readonly env: EngineHost;
  /** The render context: names are looked up as `vars[name]`, prototype chain allowed. */
  readonly vars: object;
}

const OBJECT_PROTO = Object.prototype as unknown as Record<string, unknown>;

/** Resolves a name: template scopes, then the context, then the environment's globals; else Undefined. */
export function lookup(scope: Record<string, unknown>, st: RenderState, name: string): unknown {
  if (name in scope) return scope[name];
  const vars = st.vars as Record<string, unknown>;
  const value = vars[name];
  if (value !== undefined) {
    if (!(name in OBJECT_PROTO) || value !== OBJECT_PROTO[name]) return fromHost(value);
  } else if (name in vars) {
    return null;
  }
  const globals = st.env.globals;
  if (Object.hasOwn(globals, name)) return globals[name];
  return new Undefined(name);
}
