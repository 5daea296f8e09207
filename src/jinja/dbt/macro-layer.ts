import type { Template } from '../index.js';
import type { MacroEntry, MacroRegistry } from './macro-registry.js';

/**
 * Binding every macro of a project to every model's context would cost (models × macros) closures.
 * Instead, contexts inherit from a layer of getters: the first time a render touches a macro name,
 * the macro's file is bound to that render's context (so `ref`, `this`, `config` inside the macro are
 * the calling model's, as in dbt) and cached on it.
 */
const boundFiles = new WeakMap<object, Map<Template, Record<string, unknown>>>();

/** A render context's record of the macros it used (`depends_on.macros`), set by whoever made the context. */
export const USED_MACROS = Symbol('strata.usedMacros');

/** Records in `context` that its render used the macro of `entry` (as calling it does). */
export function recordMacroUse(context: object, entry: MacroEntry): void {
  (context as { [USED_MACROS]?: Set<string> })[USED_MACROS]?.add(`macro.${entry.packageName}.${entry.name}`);
}

/** The macro of `entry` bound to `context`. */
export function bindMacro(context: object, entry: MacroEntry): unknown {
  recordMacroUse(context, entry);
  let files = boundFiles.get(context);
  if (!files) boundFiles.set(context, (files = new Map()));
  let bound = files.get(entry.template);
  if (!bound) files.set(entry.template, (bound = entry.template.bindMacros(context)));
  return bound[entry.bindKey];
}

/**
 * An object to put in a context's prototype chain: each visible macro name, and each package name
 * as a namespace object (`dbt_utils.star`, `dbt.current_timestamp`), resolve lazily against the
 * object the lookup started from.
 */
export function createMacroLayer(registry: MacroRegistry, parent: object): object {
  const layer = Object.create(parent) as object;
  for (const [name, entry] of registry.visible()) {
    Object.defineProperty(layer, name, {
      configurable: true,
      enumerable: false,
      get(this: object) {
        return bindMacro(this, entry);
      },
    });
  }
  for (const packageName of registry.packages()) {
    if (registry.visible().has(packageName)) continue; // a macro named like a package wins, as in dbt
    Object.defineProperty(layer, packageName, {
      configurable: true,
      enumerable: false,
      get(this: object) {
        return packageNamespace(this, registry, packageName);
      },
    });
  }
  return layer;
}

const namespaces = new WeakMap<object, Map<string, object>>();

function packageNamespace(context: object, registry: MacroRegistry, packageName: string): object {
  let perContext = namespaces.get(context);
  if (!perContext) namespaces.set(context, (perContext = new Map()));
  let ns = perContext.get(packageName);
  if (ns) return ns;
  ns = {};
  for (const [name, entry] of registry.inPackage(packageName)) {
    Object.defineProperty(ns, name, { enumerable: true, get: () => bindMacro(context, entry) });
  }
  perContext.set(packageName, ns);
  return ns;
}
