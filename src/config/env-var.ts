/**
 * dbt's `env_var(name, default)`: values from the environment are strings; a missing variable
 * without a default is an error naming it; variables whose names start with DBT_ENV_SECRET are
 * secrets, allowed only where credentials live (profiles.yml, packages.yml) and never shown.
 */
import { ConfigError, type SourceLocation } from '../errors/strata-error.js';

/** dbt's prefix for secret variables (covers both `DBT_ENV_SECRET_X` and the older spelling). */
export const SECRET_ENV_PREFIX = 'DBT_ENV_SECRET';

/** What stands in for a secret wherever text is shown. */
export const SECRET_MASK = '*****';

export type Environment = Readonly<Record<string, string | undefined>>;

export interface EnvVarOptions {
  /** Defaults to process.env. */
  readonly env?: Environment;
  /** Secrets are only allowed while rendering profiles.yml and packages.yml. */
  readonly allowSecrets?: boolean;
  /** Where the call is written, for the error. */
  readonly location?: SourceLocation;
}

/** An `env_var()` call that cannot be answered: the variable is unset and there is no default. */
export class EnvVarError extends ConfigError {
  readonly variable: string;
  constructor(variable: string, message: string, options: { location?: SourceLocation; hint?: string }) {
    super(message, options);
    this.variable = variable;
  }
}

/** True for variables whose values must never be shown. */
export function isSecretEnvVar(name: string): boolean {
  return name.startsWith(SECRET_ENV_PREFIX);
}

/** Looks a variable up as dbt's `env_var` does; the default (any value) is returned as given. */
export function envVar(name: string, defaultValue?: unknown, options: EnvVarOptions = {}): unknown {
  const env = options.env ?? process.env;
  if (isSecretEnvVar(name) && !options.allowSecrets) {
    throw new EnvVarError(name, `secret environment variable ${name} used outside profiles.yml and packages.yml`, {
      location: options.location,
      hint: `Variables named ${SECRET_ENV_PREFIX}* hold credentials; use them only in profiles.yml or packages.yml.`,
    });
  }
  const value = env[name];
  if (value !== undefined) return value;
  if (defaultValue !== undefined && defaultValue !== null) return defaultValue;
  throw new EnvVarError(name, `environment variable ${name} is required but not set`, {
    location: options.location,
    hint: `Set ${name} in the environment, or give a default: env_var('${name}', 'default').`,
  });
}

/** Replaces the value of every secret variable found in `text` by a mask. */
export function scrubSecrets(text: string, env: Environment = process.env): string {
  let out = text;
  for (const [name, value] of Object.entries(env)) {
    if (value && isSecretEnvVar(name)) out = out.split(value).join(SECRET_MASK);
  }
  return out;
}
