/**
 * `$rt`: everything generated template code calls at run time. The Python semantics come from the runtime;
 * this adds what belongs to the engine (scopes, macros, loops, imports, error locations).
 */
import {
  JinjaRuntimeError,
  PyFloat,
  Undefined,
  add,
  compare,
  concat,
  contains,
  eq,
  floordiv,
  getAttr,
  getItem,
  iterate,
  makeTuple,
  mod,
  mul,
  neg,
  pos,
  pow,
  pyStr,
  reprString,
  slice,
  sub,
  truediv,
  truthy,
} from '../runtime/index.js';
import { hashableKey } from '../runtime/hashable.js';
import { setNamespaceAttr, unpack } from './assign.js';
import { call, filter, mergeKwargs, spreadArgs, test } from './calls.js';
import type { MacroMeta } from './codegen.js';
import { locate, type TemplateStatics } from './locate.js';
import { LoopContext } from './loop.js';
import { makeMacro, type JinjaMacro, type MacroBody } from './macro.js';
import { lookup, type RenderState } from './state.js';

/** What a compiled template module exposes to its own generated code as `$tpl`. */
export interface TemplateModuleStatics extends TemplateStatics {
  readonly constants: readonly unknown[];
  readonly macros: readonly MacroMeta[];
  /** The generated functions, filled in after the module is instantiated. */
  fns: readonly MacroBody[];
}

/** A dict literal: a Map keyed like Python's dict. */
function makeDict(entries: [unknown, unknown][]): Map<unknown, unknown> {
  const map = new Map<unknown, unknown>();
  for (const [k, v] of entries) map.set(hashableKey(k), v);
  return map;
}

/** Items of a for loop as an array (lists are not copied; Jinja2 iterates a snapshot only for its own lists). */
function loopItems(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [...iterate(value)];
}

function macro(st: RenderState, tpl: TemplateModuleStatics, index: number, scope: object): JinjaMacro {
  const meta = tpl.macros[index]!;
  return makeMacro(meta, tpl.file, st, scope, tpl.fns[meta.body]!);
}

function templateNotFound(names: unknown): JinjaRuntimeError {
  if (Array.isArray(names)) {
    return new JinjaRuntimeError(
      `none of the templates given were found: ${names.map((n) => pyStr(n)).join(', ')}`,
      'TemplatesNotFound',
    );
  }
  return new JinjaRuntimeError(pyStr(names), 'TemplateNotFound');
}

function findTemplate(st: RenderState, names: unknown) {
  const candidates = Array.isArray(names) ? names : [names];
  for (const name of candidates) {
    if (name instanceof Undefined) continue;
    const found = st.env.getTemplate(pyStr(name));
    if (found) return found;
  }
  return undefined;
}

async function include(st: RenderState, names: unknown, ignoreMissing: boolean, scope: object | null): Promise<string> {
  const template = findTemplate(st, names);
  if (!template) {
    if (ignoreMissing) return '';
    throw templateNotFound(names);
  }
  return template.renderIn(scope ? st.vars : {}, scope);
}

const MODULE_NAME = Symbol('template name');

async function importModule(st: RenderState, name: unknown, scope: object | null): Promise<Record<string, unknown>> {
  const template = findTemplate(st, name);
  if (!template) throw templateNotFound(name);
  const module = await template.moduleIn(scope ? st.vars : {}, scope);
  Object.defineProperty(module, MODULE_NAME, { value: template.name, enumerable: false });
  return module;
}

function importedName(module: Record<string | symbol, unknown>, name: string, line: number): unknown {
  if (Object.hasOwn(module, name)) return module[name];
  const template = String(module[MODULE_NAME] ?? '');
  return new Undefined(
    name,
    `the template ${reprString(template)} (imported on line ${line}) does not export the requested name ${reprString(name)}`,
  );
}

function error(message: string, pythonType: string): JinjaRuntimeError {
  return new JinjaRuntimeError(message, pythonType);
}

/** The `$rt` object of generated code. */
export const support = {
  lookup,
  str: pyStr,
  truthy,
  PyFloat,
  Undefined,
  makeTuple,
  makeDict,
  getAttr,
  getItem,
  slice,
  add,
  sub,
  mul,
  truediv,
  floordiv,
  mod,
  pow,
  neg,
  pos,
  concat,
  eq,
  compare,
  contains,
  call,
  filter,
  test,
  spreadArgs,
  mergeKwargs,
  loopItems,
  Loop: LoopContext,
  unpack,
  setNamespaceAttr,
  macro,
  include,
  importModule,
  importedName,
  locate,
  error,
};
