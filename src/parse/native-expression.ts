import type { Environment } from '../jinja/index.js';
import { nativeValue } from '../config/native-value.js';
import { fromHost } from '../jinja/runtime/values.js';

/** Strings in test arguments that dbt evaluates as Jinja expressions: `ref('x')`, `source(...)`, `var(...)`. */
const LOOKS_LIKE_CALL = /^\s*(env_var|ref|var|source|doc)\s*\(.+\)\s*$/s;

/** A string that is one `{{ expression }}` and nothing else. */
const SINGLE_EXPRESSION = /^\s*\{\{-?((?:(?!\{\{|\}\}|\{%|%\}).)*?)-?\}\}\s*$/s;

/** `ref('x')`, `ref('package', 'x')`, `source('s', 't')`: a call with one or two plain string literals. */
const PLAIN_CALL = /^\s*(ref|source)\s*\(\s*(?:'([^'\\]*)'|"([^"\\]*)")\s*(?:,\s*(?:'([^'\\]*)'|"([^"\\]*)")\s*)?\)\s*$/;

/**
 * Evaluates generic test arguments as dbt does: a string that looks like a call is evaluated as an
 * expression and keeps its value (a ref stays a relation); other strings holding `{{ }}` are
 * rendered natively; everything else is passed as written.
 */
export class TestArgumentEvaluator {
  private readonly compiled = new Map<string, (context: object) => Promise<unknown>>();

  constructor(private readonly env: Environment) {}

  async evaluate(value: unknown, context: object, file: string): Promise<unknown> {
    if (typeof value === 'string') {
      const plain = PLAIN_CALL.exec(value);
      if (plain) {
        // What the expression does, without compiling it: a relationships test's `to:` differs for
        // nearly every test, and compiling each as a template was a tenth of a large project's parse.
        const fn = (context as Record<string, unknown>)[plain[1]!];
        const args = [plain[2] ?? plain[3], plain[4] ?? plain[5]].filter((arg) => arg !== undefined);
        if (typeof fn === 'function') return fromHost(await (fn as (...a: unknown[]) => unknown)(...args));
      }
      if (LOOKS_LIKE_CALL.test(value)) return this.expression(value, file)(context);
      if (!value.includes('{{') && !value.includes('{%')) return value;
      // Rendered natively, as dbt renders test arguments: `{{ var('statuses') }}` is the list itself,
      // `{{ 5 }}` the number; text around an expression makes it text (a literal when it spells one).
      const single = SINGLE_EXPRESSION.exec(value);
      const rendered = single ? await this.expression(single[1]!, file)(context) : await this.env.compile(value, file).render(context);
      return typeof rendered === 'string' ? nativeValue(rendered) : rendered;
    }
    if (Array.isArray(value)) return Promise.all(value.map((v) => this.evaluate(v, context, file)));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = await this.evaluate(v, context, file);
      return out;
    }
    // A YAML float (`values: [2.5]`) is a float to the templates, as in Python.
    return fromHost(value);
  }

  private expression(text: string, file: string): (context: object) => Promise<unknown> {
    let fn = this.compiled.get(text);
    if (!fn) {
      const template = this.env.compile(`{% macro __strata_expression() %}{{ return(${text}) }}{% endmacro %}`, file);
      fn = (context) => (template.bindMacros(context).__strata_expression as () => Promise<unknown>)();
      this.compiled.set(text, fn);
    }
    return fn;
  }
}
