/**
 * The run lock: one strata run at a time per target, so two runs (two terminals, two scheduler
 * tasks) cannot swap the same relations under each other. A server holds it as a session-level
 * advisory lock on a connection of its own (never one of the pool's work connections, so it is
 * held for the whole run even with threads: 1). PGlite's data directory may only be used by one
 * process at all, so its adapter keeps a lock file there whenever the database is open (see
 * src/adapters/pglite-directory-lock.ts); the run lock takes that lock, with the run's timeout.
 */
import { createHash } from 'node:crypto';
import type { Adapter, DedicatedConnection } from '../adapters/adapter.js';
import { LockHeldError, type LockHolder } from '../adapters/lock-held-error.js';
import type { PostgresTarget, TargetConfig } from '../config/target.js';

export interface RunLockOptions {
  /** How long to wait for another run to finish; 0 fails at once. */
  readonly lockTimeoutSeconds?: number;
  /** Who holds the lock, as another run's error names it (server: the session's application_name). */
  readonly applicationName?: string;
  /** Accepted for callers that pass it; the adapter already knows where a PGlite target's data lives. */
  readonly projectDir?: string;
}

export interface RunLock {
  /** Gives the lock up; safe to call more than once. On PGlite it closes the adapter, which frees the directory after the database is closed. */
  release(): Promise<void>;
}

export { LockHeldError, type LockHolder };

/** Takes the target's run lock, waiting up to lockTimeoutSeconds; throws LockHeldError when another run keeps it. */
export async function acquireRunLock(adapter: Adapter, target: TargetConfig, options: RunLockOptions = {}): Promise<RunLock> {
  const timeoutSeconds = Math.max(0, options.lockTimeoutSeconds ?? 0);
  return target.type === 'pglite'
    ? lockPgliteDirectory(adapter, options.applicationName, timeoutSeconds)
    : acquireAdvisoryLock(adapter, target, options.applicationName, timeoutSeconds);
}

const RETRY_EVERY_MS = 200;

// --- server: advisory lock ---------------------------------------------------------------------

/** A positive 63-bit key from `database.schema`, so pg_locks' classid/objid halves read back without sign games. */
export function advisoryLockKey(database: string, schema: string): bigint {
  const digest = createHash('sha256').update(`strata run lock\0${database}.${schema}`).digest();
  return digest.readBigUInt64BE(0) & 0x7fff_ffff_ffff_ffffn;
}

async function acquireAdvisoryLock(adapter: Adapter, target: PostgresTarget, applicationName: string | undefined, timeoutSeconds: number): Promise<RunLock> {
  if (!adapter.openDedicatedConnection) throw new Error('the server adapter cannot open a dedicated connection for the run lock');
  const key = advisoryLockKey(target.database, target.schema).toString();
  const lockName = `${target.database}.${target.schema} on ${target.host}:${target.port}`;
  const connection = await adapter.openDedicatedConnection();
  try {
    // What a waiting run reads from pg_stat_activity about this one.
    if (applicationName) await connection.query(`select pg_catalog.set_config('application_name', $1, false)`, [applicationName]);
    const deadline = Date.now() + timeoutSeconds * 1000;
    for (;;) {
      const { rows } = await connection.query<{ locked: boolean }>('select pg_catalog.pg_try_advisory_lock($1::bigint) as locked', [key]);
      if (rows[0]!.locked) break;
      if (Date.now() >= deadline) {
        const holder = await advisoryLockHolder(connection, key);
        throw new LockHeldError(lockName, holder, timeoutSeconds, serverHint(holder));
      }
      await sleep(Math.min(RETRY_EVERY_MS, Math.max(0, deadline - Date.now())));
    }
  } catch (error) {
    await connection.close();
    throw error;
  }
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      // Ending the session frees its advisory locks; unlocking first returns it at once even if close lingers.
      await connection.query('select pg_catalog.pg_advisory_unlock($1::bigint)', [key]).catch(() => undefined);
      await connection.close();
    },
  };
}

async function advisoryLockHolder(connection: DedicatedConnection, key: string): Promise<LockHolder | undefined> {
  const { rows } = await connection.query<{ application_name: string; pid: number; backend_start: string; client_addr: string | null }>(
    `select a.application_name, a.pid, a.backend_start::text as backend_start, host(a.client_addr) as client_addr
       from pg_catalog.pg_locks l
       join pg_catalog.pg_stat_activity a on a.pid = l.pid
      where l.locktype = 'advisory' and l.granted and l.objsubid = 1
        and l.database = (select oid from pg_catalog.pg_database where datname = current_database())
        and ((l.classid::bigint << 32) | l.objid::bigint) = $1::bigint
      limit 1`,
    [key],
  );
  const row = rows[0];
  if (!row) return undefined;
  return { applicationName: row.application_name, pid: row.pid, since: row.backend_start, ...(row.client_addr ? { host: row.client_addr } : {}) };
}

function serverHint(holder: LockHolder | undefined): string {
  const stuck = holder?.pid !== undefined ? `; if that run is stuck, end its session with \`select pg_terminate_backend(${holder.pid})\`` : '';
  return `wait for it to finish, or pass --lock-timeout <seconds> to wait for it${stuck}`;
}

// --- PGlite: the data directory's lock file --------------------------------------------------------

async function lockPgliteDirectory(adapter: Adapter, applicationName: string | undefined, timeoutSeconds: number): Promise<RunLock> {
  if (!adapter.lockDataDirectory) throw new Error('the PGlite adapter cannot lock its data directory');
  await adapter.lockDataDirectory({ timeoutSeconds, applicationName });
  // The directory is free again only once the database is closed: the next process may open it at once.
  return { release: () => adapter.close() };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
