/**
 * A stand-in renderer that understands only `{{ env_var('NAME') }}` and
 * `{{ env_var('NAME', 'default') }}` (optionally piped through `| int`, `| as_number`,
 * `| as_bool`, `| as_text`, `| trim`). Useful before the Jinja engine is wired in, and in tests.
 */
import { ConfigError } from '../errors/strata-error.js';
import { envVar, type Environment } from './env-var.js';
import type { ConfigRenderer } from './renderer.js';

const ENV_VAR_EXPRESSION =
  /\{\{-?\s*env_var\(\s*(['"])([^'"]+)\1\s*(?:,\s*(['"])((?:(?!\3).)*)\3\s*)?\)\s*((?:\|\s*(?:int|as_number|as_bool|as_text|as_native|string|trim)\s*)*)-?\}\}/g;

/** Builds the env_var-only renderer over an environment (process.env unless given). */
export function envVarOnlyRenderer(options: { env?: Environment; allowSecrets?: boolean } = {}): ConfigRenderer {
  return async (text, location) => {
    const rendered = text.replace(ENV_VAR_EXPRESSION, (_m, _q, name: string, _q2, fallback: string | undefined) =>
      String(envVar(name, fallback, { env: options.env, allowSecrets: options.allowSecrets, location })),
    );
    if (rendered.includes('{{') || rendered.includes('{%')) {
      throw new ConfigError(`cannot render ${JSON.stringify(text)}: only env_var() is understood here`, { location });
    }
    return rendered;
  };
}
