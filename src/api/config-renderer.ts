import { envVar, type Environment as EnvVars } from '../config/env-var.js';
import type { ConfigRenderer } from '../config/renderer.js';
import { CompileError, StrataError } from '../errors/strata-error.js';
import { Environment, TemplateRuntimeError, TemplateSyntaxError } from '../jinja/index.js';
import { Kwargs } from '../jinja/runtime/values.js';

/**
 * The real Jinja engine as the config loaders' renderer: `{{ env_var('X', 'default') }}`,
 * `{{ var('x') }}` and filters in project.yml and profiles.yml values, as dbt renders them.
 */
export function jinjaConfigRenderer(options: {
  env?: EnvVars;
  allowSecrets: boolean;
  vars?: Readonly<Record<string, unknown>>;
  extra?: Readonly<Record<string, unknown>>;
}): ConfigRenderer {
  const engine = new Environment();
  return async (text, location) => {
    const context = {
      ...options.extra,
      env_var: (...args: unknown[]) => {
        const last = args[args.length - 1];
        const positional = last instanceof Kwargs ? args.slice(0, -1) : args;
        const kw = last instanceof Kwargs ? last.values : {};
        return envVar(String(positional[0] ?? kw.var), positional.length > 1 ? positional[1] : kw.default, {
          env: options.env,
          allowSecrets: options.allowSecrets,
          location,
        });
      },
      var: (name: unknown, fallback?: unknown) => {
        const vars = options.vars ?? {};
        const key = String(name);
        if (Object.prototype.hasOwnProperty.call(vars, key)) return vars[key];
        if (fallback !== undefined) return fallback;
        throw new CompileError(`required var '${key}' is not set`, { location, hint: `Pass --vars '{${key}: ...}'.` });
      },
    };
    try {
      return await engine.compile(text, location.file).render(context);
    } catch (error) {
      // The engine places its errors in the string it rendered (line 1 of "{{ nope.x }}"); the user
      // wrote that string at `location` in the YAML file, where the caller frames it.
      if (error instanceof TemplateSyntaxError || error instanceof TemplateRuntimeError) throw new CompileError(error.message, { location, hint: error.hint, cause: error });
      if (error instanceof StrataError && error.code !== 'compile') throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new CompileError(message, { location, cause: error });
    }
  };
}
