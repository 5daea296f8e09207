import { bindMacro } from '../jinja/dbt/macro-layer.js';
import type { MacroEntry, MacroRegistry } from '../jinja/dbt/macro-registry.js';
import { Kwargs, fromHost } from '../jinja/runtime/values.js';
import { CompileError } from '../errors/strata-error.js';

/**
 * What a node of an installed package sees differently from a root project node: its package's
 * own macros before same-named ones of other packages (dbt's "local" macro namespace), and the
 * variables scoped to its package. Returns undefined when nothing differs, so root-like nodes
 * render in the shared context unchanged.
 */
export function packageContextOverlay(
  registry: MacroRegistry,
  packageName: string,
  vars: Readonly<Record<string, unknown>> | undefined,
): ((context: Record<string, unknown>) => Record<string, unknown>) | undefined {
  const visible = registry.visible();
  const shadowing: MacroEntry[] = [...registry.inPackage(packageName).values()].filter((entry) => visible.get(entry.name) !== entry);
  if (shadowing.length === 0 && vars === undefined) return undefined;
  const packageVar = vars === undefined ? undefined : varFunction(vars);
  return (context) => {
    const overlay = Object.create(context) as Record<string, unknown>;
    for (const entry of shadowing) {
      Object.defineProperty(overlay, entry.name, { configurable: true, enumerable: false, get: () => bindMacro(overlay, entry) });
    }
    if (packageVar) Object.defineProperty(overlay, 'var', { configurable: true, enumerable: false, value: packageVar });
    return overlay;
  };
}

/** dbt's `var(name, default)` over one package's variables. */
function varFunction(vars: Readonly<Record<string, unknown>>) {
  return (...args: unknown[]): unknown => {
    const last = args[args.length - 1];
    const kw = last instanceof Kwargs ? last.values : {};
    const positional = last instanceof Kwargs ? args.slice(0, -1) : args;
    const name = String(positional[0] ?? kw.var_name);
    if (Object.prototype.hasOwnProperty.call(vars, name)) return fromHost(vars[name]);
    if (positional.length > 1) return positional[1];
    if ('default' in kw) return kw.default;
    throw new CompileError(`required var '${name}' is not set`, {
      hint: `Set it under vars: in the project file, or pass --vars '{${name}: ...}'.`,
    });
  };
}
