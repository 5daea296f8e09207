import path from 'node:path';
import type { PgliteTarget, PostgresTarget, TargetConfig } from '../config/target.js';
import type { Adapter } from './adapter.js';
import { toStrataError, type ConnectionContext } from './error-mapping.js';
import { pgClientConfig, sessionSetup, tlsOptions } from './pg-client-config.js';
import { makeRedactor } from './redaction.js';
import { SessionAdapter } from './session-adapter.js';

export interface OpenAdapterOptions {
  /** Relative paths of the target (PGlite's data directory, TLS files) are taken from here. */
  readonly projectDir: string;
  /** Shown in pg_stat_activity (and in the run lock's message); default: the target's application_name. */
  readonly applicationName?: string;
}

/**
 * The adapter for a target. Nothing connects yet: the first withConnection does (errors then are
 * ConnectionErrors, exit 3). Each kind's driver is loaded here, when used: loading pg and PGlite
 * both cost every command start-up 50 ms.
 */
export async function openAdapter(target: TargetConfig, options: OpenAdapterOptions = { projectDir: process.cwd() }): Promise<Adapter> {
  return target.type === 'pglite' ? openPgliteAdapter(target, options) : openPostgresAdapter(target, options);
}

/** The absolute data directory of a PGlite target. */
export function pgliteDataDir(target: PgliteTarget, projectDir: string): string {
  return path.resolve(projectDir, target.path);
}

/** `host:port` of a server target, as messages name it. */
export function serverEndpoint(target: PostgresTarget): string {
  return `${target.host}:${target.port}`;
}

async function openPgliteAdapter(target: PgliteTarget, options: OpenAdapterOptions): Promise<Adapter> {
  const { PgliteSource } = await import('./pglite-source.js');
  const dataDir = pgliteDataDir(target, options.projectDir);
  const context: ConnectionContext = { endpoint: `PGlite at ${dataDir}`, database: target.database, redact: (text) => text };
  return new SessionAdapter(
    {
      type: 'pglite',
      maxConnections: 1,
      database: target.database,
      retries: target.retries,
      retryBackoffSeconds: target.retry_backoff,
      toStrataError: (error, sql) => toStrataError(error, sql, context),
    },
    new PgliteSource(dataDir, options.applicationName ?? 'strata'),
  );
}

async function openPostgresAdapter(target: PostgresTarget, options: OpenAdapterOptions): Promise<Adapter> {
  const { PgSource } = await import('./pg-source.js');
  const endpoint = serverEndpoint(target);
  const context: ConnectionContext = {
    endpoint,
    user: target.user,
    database: target.database,
    redact: makeRedactor([target.password]),
  };
  const convert = (error: unknown, sql?: string) => toStrataError(error, sql, context);
  const maxConnections = Math.max(1, target.threads);
  const source = new PgSource({
    endpoint,
    client: pgClientConfig(target, options.applicationName ?? target.application_name),
    ssl: tlsOptions(target, options.projectDir),
    fallBackToPlain: (target.sslmode ?? 'prefer') === 'prefer',
    maxConnections,
    retries: target.retries,
    retryBackoffSeconds: target.retry_backoff,
    setup: sessionSetup(target),
    toStrataError: convert,
  });
  return new SessionAdapter(
    {
      type: 'postgres',
      maxConnections,
      database: target.database,
      retries: target.retries,
      retryBackoffSeconds: target.retry_backoff,
      toStrataError: convert,
    },
    source,
  );
}
