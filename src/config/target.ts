/**
 * A resolved connection target (one `outputs:` entry of profiles.yml after env_var rendering and
 * defaults). The zod schema in src/config produces these; src/adapters consumes them.
 */

interface TargetCommon {
  /** The output's name in profiles.yml (`dev`, `prod`, …). */
  readonly name: string;
  /** The profile the output belongs to. */
  readonly profile: string;
  /** Default schema models are built into (dbt's target.schema). */
  readonly schema: string;
  /** Database name as dbt's target.database sees it. */
  readonly database: string;
  readonly threads: number;
  /** How often a transient failure is retried, and the first backoff in seconds (doubles, with jitter). */
  readonly retries: number;
  readonly retry_backoff: number;
}

/** The embedded database: PostgreSQL compiled to WASM, persisted in a directory, one connection. */
export interface PgliteTarget extends TargetCommon {
  readonly type: 'pglite';
  /** Data directory, relative to the project directory unless absolute. Default `.strata/pglite`. */
  readonly path: string;
}

/** A PostgreSQL server through the `pg` driver. */
export interface PostgresTarget extends TargetCommon {
  readonly type: 'postgres';
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** Never logged, never written to an artifact or an error message. */
  readonly password?: string;
  readonly sslmode?: 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';
  readonly sslrootcert?: string;
  readonly sslcert?: string;
  readonly sslkey?: string;
  /** Seconds. */
  readonly connect_timeout: number;
  /** Seconds of idle before TCP keepalives start (0 = driver default). */
  readonly keepalives_idle: number;
  readonly application_name: string;
  readonly search_path?: string;
  readonly role?: string;
  /** Milliseconds; applied to every statement when set. */
  readonly statement_timeout?: number;
}

export type TargetConfig = PgliteTarget | PostgresTarget;
