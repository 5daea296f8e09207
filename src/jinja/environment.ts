/** The Jinja environment: globals, filters, tests and a loader; compiles templates once. */
import { compileTemplate } from './eval/codegen.js';
import type { EngineHost } from './eval/state.js';
import { TemplateAssertionError } from './errors.js';
import {
  builtinFilters,
  builtinTests,
  createBuiltinGlobals,
  type CallContext,
  type Filter,
  type Test,
} from './runtime/index.js';
import { call, filter, test } from './eval/calls.js';
import { normalizeSource } from './syntax/lexer.js';
import { parseTemplate } from './syntax/parser.js';
import { Template, instantiate, makeFactory, type TemplateFactory } from './template.js';

export interface EnvironmentOptions {
  /** Merged over the builtin globals (range, dict, namespace, return, ...). */
  globals?: Record<string, unknown>;
  /** Merged over the builtin filters. */
  filters?: Record<string, Filter>;
  /** Merged over the builtin tests. */
  tests?: Record<string, Test>;
  /** For {% include %}, {% import %}, {% from %}: returns the source of a template by name, or undefined. */
  loader?: (name: string) => { source: string; file: string } | undefined;
}

const TAG = /\{[{%#]/;

export class Environment implements EngineHost {
  readonly globals: Record<string, unknown>;
  readonly filters: Record<string, Filter>;
  readonly tests: Record<string, Test>;
  /** Handed to filters and tests that call back into templates (map('upper'), select('odd'), ...). */
  readonly callContext: CallContext;
  private readonly loader?: EnvironmentOptions['loader'];
  private readonly loaded = new Map<string, Template | null>();
  /** Generated code by text: templates of the same shape (differing only in text and string literals) share it. */
  private readonly factories = new Map<string, TemplateFactory>();

  constructor(options: EnvironmentOptions = {}) {
    this.globals = { ...createBuiltinGlobals(), ...options.globals };
    this.filters = { ...builtinFilters, ...options.filters };
    this.tests = { ...builtinTests, ...options.tests };
    this.loader = options.loader;
    const placeholderState = { env: this, vars: {} };
    this.callContext = {
      callFilter: (name, value, args, kwargs) => filter(placeholderState, name, value, args, kwargs),
      callTest: (name, value, args, kwargs) => test(placeholderState, name, value, args, kwargs) as boolean | Promise<boolean>,
      callFunction: (fn, args, kwargs) => call(fn, args, Object.keys(kwargs).length ? kwargs : null),
      hasFilter: (name) => Object.hasOwn(this.filters, name),
      hasTest: (name) => Object.hasOwn(this.tests, name),
    };
  }

  /** Parses and compiles once; throws TemplateSyntaxError. The result is reusable and cheap to render many times. */
  compile(source: string, file: string): Template {
    const normalized = normalizeSource(source);
    const tree = parseTemplate(normalized, file);
    const module = compileTemplate(tree, file, normalized);
    for (const { name, line, column } of module.requiredFilters) {
      if (!this.filters[name]) throw new TemplateAssertionError(`No filter named '${name}'.`, file, line, column, normalized);
    }
    for (const { name, line, column } of module.requiredTests) {
      if (!this.tests[name]) throw new TemplateAssertionError(`No test named '${name}'.`, file, line, column, normalized);
    }
    let factory = this.factories.get(module.code);
    if (!factory) {
      factory = makeFactory(module.code);
      this.factories.set(module.code, factory);
    }
    const statics = instantiate(factory, {
      file,
      source: normalized,
      positions: module.positions,
      constants: module.constants,
      macros: module.macros,
    });
    return new Template(this, { file, source, isPlainText: !TAG.test(source), statics, topLevel: module.topLevel });
  }

  /** A template by name through the loader, compiled once; undefined when the loader does not have it. */
  getTemplate(name: string): Template | undefined {
    const cached = this.loaded.get(name);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.loader?.(name);
    const template = found ? this.compile(found.source, found.file) : null;
    this.loaded.set(name, template);
    return template ?? undefined;
  }
}
