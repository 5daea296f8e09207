import type { Environment } from '../jinja/index.js';

/** Strings in test arguments that dbt evaluates as Jinja expressions: `ref('x')`, `source(...)`, `var(...)`. */
const LOOKS_LIKE_CALL = /^\s*(env_var|ref|var|source|doc)\s*\(.+\)\s*$/s;

/**
 * Evaluates generic test arguments as dbt does: a string that looks like a call is evaluated as an
 * expression and keeps its value (a ref stays a relation); other strings holding `{{ }}` are
 * rendered; everything else is passed as written.
 */
export class TestArgumentEvaluator {
  private readonly compiled = new Map<string, (context: object) => Promise<unknown>>();

  constructor(private readonly env: Environment) {}

  async evaluate(value: unknown, context: object, file: string): Promise<unknown> {
    if (typeof value === 'string') {
      if (LOOKS_LIKE_CALL.test(value)) return this.expression(value, file)(context);
      if (value.includes('{{') || value.includes('{%')) return this.env.compile(value, file).render(context);
      return value;
    }
    if (Array.isArray(value)) return Promise.all(value.map((v) => this.evaluate(v, context, file)));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = await this.evaluate(v, context, file);
      return out;
    }
    return value;
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
