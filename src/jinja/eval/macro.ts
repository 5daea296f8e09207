/** Macros as values: JS functions callable from templates and from TypeScript, with Jinja2's argument binding. */
import { JinjaRuntimeError, Kwargs, MacroReturn, Undefined, makeTuple } from '../runtime/index.js';
import { FUNCTION_ATTRIBUTES } from '../runtime/access.js';
import type { MacroMeta } from './codegen.js';

/** A macro as a value: a JS function (callable by templates and by TypeScript) with metadata. */
export interface JinjaMacro {
  /** Trailing Kwargs instance for keyword args; resolves to the rendered string, or the value given to return(). */
  (...args: unknown[]): Promise<unknown>;
  readonly macroName: string;
  readonly params: readonly string[];
  readonly file: string;
  readonly line: number;
  readonly catchKwargs: boolean;
  readonly catchVarargs: boolean;
  readonly caller: boolean;
}

/** The generated body of a macro: renders with a scope holding the bound arguments. */
export type MacroBody = (st: unknown, scope: Record<string, unknown>) => Promise<string>;

const typeError = (message: string): JinjaRuntimeError => new JinjaRuntimeError(message, 'TypeError');

/** Binds a compiled macro body to the scope it was defined in (Jinja2's runtime.Macro). */
export function makeMacro(meta: MacroMeta, file: string, st: unknown, scope: object, body: MacroBody): JinjaMacro {
  const params = meta.params;
  const count = params.length;
  const explicitCaller = params.includes('caller');
  const fn = async function (...args: unknown[]): Promise<unknown> {
    let kwargs: Record<string, unknown> | null = null;
    if (args.length && args[args.length - 1] instanceof Kwargs) kwargs = { ...(args.pop() as Kwargs).values };
    const s: Record<string, unknown> = Object.create(scope);
    const positional = Math.min(args.length, count);
    for (let i = 0; i < positional; i++) s[params[i]!] = args[i];
    let foundCaller = false;
    if (positional !== count) {
      for (let i = positional; i < count; i++) {
        const name = params[i]!;
        if (kwargs && Object.hasOwn(kwargs, name)) {
          s[name] = kwargs[name];
          delete kwargs[name];
        }
        if (name === 'caller') foundCaller = true;
      }
    } else {
      foundCaller = explicitCaller;
    }
    if (meta.caller && !foundCaller) {
      const caller = kwargs?.caller;
      if (kwargs) delete kwargs.caller;
      s.caller = caller ?? new Undefined('caller', 'No caller defined');
    }
    if (meta.catchKwargs) {
      s.kwargs = new Map(Object.entries(kwargs ?? {}));
    } else if (kwargs) {
      const extra = Object.keys(kwargs);
      if (extra.length) {
        if (extra.includes('caller')) {
          throw typeError(`macro '${meta.name}' was invoked with two values for the special caller argument. This is most likely a bug.`);
        }
        throw typeError(`macro '${meta.name}' takes no keyword argument '${extra[0]}'`);
      }
    }
    if (meta.catchVarargs) s.varargs = makeTuple(args.slice(count));
    else if (args.length > count) throw typeError(`macro '${meta.name}' takes not more than ${count} argument(s)`);
    try {
      return await body(st, s);
    } catch (e) {
      if (e instanceof MacroReturn) return e.value;
      throw e;
    }
  };
  // The attributes live on a prototype shared by every value of this macro (see macroPrototype);
  // `name` is the function's own property, so it is set here.
  Object.setPrototypeOf(fn, macroPrototype(meta, file));
  Object.defineProperty(fn, 'name', { value: meta.name });
  return fn as unknown as JinjaMacro;
}

/**
 * The attributes of a macro value, on a prototype built once per compiled macro and file: binding
 * macros to each render context makes a new function per node, and defining a dozen attributes on
 * each was a measurable share of a large compile. Templates read them through FUNCTION_ATTRIBUTES.
 */
const prototypes = new WeakMap<MacroMeta, { file: string; proto: object }>();
const ASYNC_FUNCTION_PROTOTYPE = Object.getPrototypeOf(async function () {}) as object;

function macroPrototype(meta: MacroMeta, file: string): object {
  const cached = prototypes.get(meta);
  if (cached && cached.file === file) return cached.proto;
  const params = meta.params;
  const props: Record<string | symbol, unknown> = {
    [FUNCTION_ATTRIBUTES]: true,
    macroName: meta.name,
    params,
    file,
    line: meta.line,
    catchKwargs: meta.catchKwargs,
    catchVarargs: meta.catchVarargs,
    caller: meta.caller,
    // Jinja2's attribute names, readable from templates (`name` is the function's own).
    arguments: makeTuple(params),
    catch_kwargs: meta.catchKwargs,
    catch_varargs: meta.catchVarargs,
    pythonTypeName: 'Macro',
    __repr__: () => `<Macro '${meta.name}'>`,
  };
  const descriptors: PropertyDescriptorMap = {};
  for (const key of Reflect.ownKeys(props)) descriptors[key as string] = { value: props[key as string], enumerable: false };
  const proto = Object.create(ASYNC_FUNCTION_PROTOTYPE, descriptors) as object;
  prototypes.set(meta, { file, proto });
  return proto;
}
