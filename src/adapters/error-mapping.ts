import { ConnectionError, StrataError } from '../errors/strata-error.js';
import { DatabaseError } from './database-error.js';
import { isBrokenConnectionError } from './transient-errors.js';

/** Where the adapter was connecting to, for messages; never holds the password. */
export interface ConnectionContext {
  /** `host:port`, or `PGlite at <path>`. */
  readonly endpoint: string;
  readonly user?: string;
  readonly database?: string;
  /** Masks secrets in every text taken from the driver. */
  readonly redact: (text: string) => string;
}

/** SQLSTATEs of a refused login or a missing database: the server answered but will not let us in. */
const AUTH_SQLSTATES = new Set(['28P01', '28000']);
const MISSING_DATABASE = '3D000';

const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * Turns whatever a driver threw into a strata error: a ConnectionError (exit 3) when the database
 * cannot be reached or refuses the login, a DatabaseError (code = SQLSTATE) when a statement
 * failed. Errors that are not from the driver (a bug, a caller's own error) pass through unchanged.
 */
export function toStrataError(error: unknown, sql: string | undefined, context: ConnectionContext): Error {
  if (error instanceof StrataError) return error;
  if (typeof error !== 'object' || error === null) return new Error(context.redact(String(error)));
  const e = error as Record<string, unknown>;
  const redact = context.redact;
  const message = redact(typeof e.message === 'string' ? e.message : String(error));
  const code = typeof e.code === 'string' ? e.code : undefined;

  if (code !== undefined && AUTH_SQLSTATES.has(code)) {
    return new ConnectionError(`could not log in to ${context.endpoint} as ${context.user ?? 'the configured user'}: ${message}`, {
      hint: 'check the user and password in profiles.yml (the password usually comes from an env_var: is that variable set in this shell?)',
    });
  }
  if (code === MISSING_DATABASE) {
    return new ConnectionError(`${message} (on ${context.endpoint})`, {
      hint: `create it (createdb ${context.database ?? '<name>'}) or fix \`database\` in profiles.yml`,
    });
  }
  if (code !== undefined && CERTIFICATE_CODES.has(code)) {
    return new ConnectionError(`TLS verification of ${context.endpoint} failed: ${message}`, {
      hint: 'set sslrootcert to the CA that signed the server certificate, or use sslmode: require to encrypt without verifying',
    });
  }
  if (/server does not support SSL/i.test(message)) {
    return new ConnectionError(`${context.endpoint}: ${message}`, { hint: 'the server has TLS off: use sslmode: disable (or prefer)' });
  }
  if (/no pg_hba\.conf entry/i.test(message)) {
    return new ConnectionError(`${context.endpoint} refused the connection: ${message}`, {
      hint: /SSL off|no encryption/i.test(message)
        ? 'the server requires TLS: set sslmode: require (or verify-full with sslrootcert)'
        : 'the server does not accept this user/database from this host (pg_hba.conf)',
    });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new ConnectionError(`could not resolve the host of ${context.endpoint}: ${message}`, {
      hint: 'check `host` in profiles.yml',
    });
  }
  if (isBrokenConnectionError(error) && !isSqlstate(code)) {
    return new ConnectionError(`could not reach PostgreSQL at ${context.endpoint}: ${describeSocketError(code, message)}`, {
      hint: `is the server running and accepting TCP connections on ${context.endpoint}? (check host and port in profiles.yml)`,
    });
  }
  if (isSqlstate(code) && (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03')) {
    return new ConnectionError(`lost the connection to ${context.endpoint}: ${message}`, {
      hint: 'the server closed the session (restart, failover or an administrator); run again when it is back',
    });
  }
  if (isSqlstate(code) && typeof e.severity === 'string') {
    return new DatabaseError(
      {
        sqlstate: code,
        message,
        position: toPosition(e.position),
        detail: optionalText(e.detail, redact),
        hint: optionalText(e.hint, redact),
        severity: e.severity,
        where: optionalText(e.where, redact),
        schema: optionalText(e.schema, redact),
        table: optionalText(e.table, redact),
        column: optionalText(e.column, redact),
        constraint: optionalText(e.constraint, redact),
      },
      sql,
    );
  }
  if (error instanceof Error && message !== error.message) {
    // Not ours to classify, but its text held a secret: hand on a copy without it.
    const copy = new Error(message);
    copy.name = error.name;
    return copy;
  }
  return error as Error;
}

function isSqlstate(code: string | undefined): code is string {
  return code !== undefined && /^[0-9A-Z]{5}$/.test(code);
}

function describeSocketError(code: string | undefined, message: string): string {
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ETIMEDOUT' || /timeout/i.test(message)) return 'timed out';
  return message;
}

function toPosition(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number.parseInt(value, 10) : typeof value === 'number' ? value : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function optionalText(value: unknown, redact: (text: string) => string): string | undefined {
  return typeof value === 'string' && value !== '' ? redact(value) : undefined;
}
