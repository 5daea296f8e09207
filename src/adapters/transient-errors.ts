/**
 * Which failures are worth retrying: the connection went away or the server asked the client to
 * try again. Anything else (a syntax error, a missing table, a failed login) fails the same way
 * the second time, so it is reported at once.
 */

/** Node socket errors meaning the server could not be reached or the link broke. */
const TRANSIENT_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
]);

/** SQLSTATEs that ask to retry: serialization failure, deadlock, shutdown, too many connections. */
const TRANSIENT_SQLSTATES = new Set(['40001', '40P01', '57P01', '57P02', '57P03', '53300']);

/** node-postgres reports a dropped link with plain Errors that carry no code. */
const BROKEN_CONNECTION_MESSAGES = [
  'Connection terminated unexpectedly',
  'Client has encountered a connection error and is not queryable',
  'Connection terminated due to connection timeout',
  'timeout expired',
];

/** True when retrying the whole unit of work (connection, statement list, transaction) may succeed. */
export function isTransientError(error: unknown): boolean {
  const code = errorCode(error);
  if (code !== undefined) {
    if (TRANSIENT_NODE_CODES.has(code) || TRANSIENT_SQLSTATES.has(code)) return true;
    // Class 08: connection exception.
    if (/^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  return isBrokenConnectionError(error);
}

/** True when the connection itself is unusable afterwards and must be replaced, not reused. */
export function isBrokenConnectionError(error: unknown): boolean {
  const code = errorCode(error);
  if (code !== undefined && (TRANSIENT_NODE_CODES.has(code) || code === '57P01' || code === '57P02' || /^08/.test(code))) {
    return true;
  }
  const message = error instanceof Error ? error.message : '';
  return BROKEN_CONNECTION_MESSAGES.some((m) => message.includes(m));
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { code?: unknown; sqlstate?: unknown };
  if (typeof e.sqlstate === 'string') return e.sqlstate;
  return typeof e.code === 'string' ? e.code : undefined;
}
