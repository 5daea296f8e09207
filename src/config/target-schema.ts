/**
 * zod schemas of profiles.yml outputs, one per `type:`, producing the TargetConfig of target.ts
 * with strata's defaults.
 */
import { z } from 'zod';
import type { PgliteTarget, PostgresTarget } from './target.js';
import { yamlInt, yamlNumber } from './yaml-scalars.js';

const common = {
  threads: yamlInt.pipe(z.number().min(1)).optional(),
  retries: yamlInt.pipe(z.number().min(0)).optional(),
  retry_backoff: yamlNumber.pipe(z.number().min(0)).optional(),
};

/** `type: pglite` outputs. */
export const pgliteOutputSchema = z.looseObject({
  type: z.literal('pglite'),
  path: z.string().optional(),
  schema: z.string().optional(),
  database: z.string().optional(),
  dbname: z.string().optional(),
  ...common,
});

const sslModes = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;

/** `type: postgres` outputs (dbt-postgres keys; `database` and `pass` are accepted aliases). */
export const postgresOutputSchema = z.looseObject({
  type: z.literal('postgres'),
  host: z.string(),
  port: yamlInt.pipe(z.number().min(1).max(65535)).optional(),
  user: z.string(),
  password: z.union([z.string(), z.number().transform(String)], { error: 'a string' }).optional(),
  pass: z.union([z.string(), z.number().transform(String)], { error: 'a string' }).optional(),
  dbname: z.string().optional(),
  database: z.string().optional(),
  schema: z.string(),
  sslmode: z.enum(sslModes).optional(),
  sslrootcert: z.string().optional(),
  sslcert: z.string().optional(),
  sslkey: z.string().optional(),
  connect_timeout: yamlNumber.pipe(z.number().min(0)).optional(),
  keepalives_idle: yamlInt.pipe(z.number().min(0)).optional(),
  application_name: z.string().optional(),
  search_path: z.string().optional(),
  role: z.string().optional(),
  statement_timeout: yamlInt.pipe(z.number().min(0)).optional(),
  ...common,
});

/** Keys each output type understands; others are warned about. */
export const KNOWN_OUTPUT_KEYS: Readonly<Record<string, ReadonlySet<string>>> = {
  pglite: new Set(Object.keys(pgliteOutputSchema.shape)),
  postgres: new Set(Object.keys(postgresOutputSchema.shape)),
};

/** The output types strata can connect to. */
export const OUTPUT_TYPES = ['pglite', 'postgres'] as const;

type Names = { readonly name: string; readonly profile: string };

/** A validated pglite output with defaults filled in. */
export function toPgliteTarget(output: z.output<typeof pgliteOutputSchema>, names: Names): PgliteTarget {
  return {
    type: 'pglite',
    name: names.name,
    profile: names.profile,
    path: output.path ?? '.strata/pglite',
    schema: output.schema ?? 'public',
    database: output.database ?? output.dbname ?? 'postgres',
    threads: output.threads ?? 1,
    retries: output.retries ?? 3,
    retry_backoff: output.retry_backoff ?? 1,
  };
}

/** A validated postgres output with defaults filled in. */
export function toPostgresTarget(output: z.output<typeof postgresOutputSchema>, names: Names, database: string): PostgresTarget {
  const password = output.password ?? output.pass;
  return {
    type: 'postgres',
    name: names.name,
    profile: names.profile,
    host: output.host,
    port: output.port ?? 5432,
    user: output.user,
    ...(password !== undefined && { password }),
    database,
    schema: output.schema,
    threads: output.threads ?? 4,
    retries: output.retries ?? 3,
    retry_backoff: output.retry_backoff ?? 1,
    ...(output.sslmode !== undefined && { sslmode: output.sslmode }),
    ...(output.sslrootcert !== undefined && { sslrootcert: output.sslrootcert }),
    ...(output.sslcert !== undefined && { sslcert: output.sslcert }),
    ...(output.sslkey !== undefined && { sslkey: output.sslkey }),
    connect_timeout: output.connect_timeout ?? 10,
    keepalives_idle: output.keepalives_idle ?? 0,
    application_name: output.application_name ?? 'strata',
    ...(output.search_path !== undefined && { search_path: output.search_path }),
    ...(output.role !== undefined && { role: output.role }),
    ...(output.statement_timeout !== undefined && { statement_timeout: output.statement_timeout }),
  };
}
