/**
 * The run lock: one strata run at a time per target, so two runs (two terminals, two scheduler
 * tasks) cannot swap the same relations under each other. A server holds it as a session-level
 * advisory lock on a connection of its own (never one of the pool's work connections, so it is
 * held for the whole run even with threads: 1); PGlite, whose data directory only one process may
 * open, holds a lock file in that directory.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { readFileSync, unlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import type { Adapter, DedicatedConnection } from '../adapters/adapter.js';
import { pgliteDataDir } from '../adapters/open-adapter.js';
import type { PgliteTarget, PostgresTarget, TargetConfig } from '../config/target.js';
import { ExitCode, StrataError } from '../errors/strata-error.js';

export interface RunLockOptions {
  /** How long to wait for another run to finish; 0 fails at once. */
  readonly lockTimeoutSeconds?: number;
  /** Who holds the lock, as another run's error names it (server: the session's application_name). */
  readonly applicationName?: string;
  /** Where a PGlite target's relative path starts; default the working directory. */
  readonly projectDir?: string;
}

export interface RunLock {
  /** Gives the lock up; safe to call more than once. */
  release(): Promise<void>;
}

/** Who holds the lock, as far as known. */
export interface LockHolder {
  readonly applicationName?: string;
  readonly pid?: number;
  /** Server: the holder's backend_start; PGlite: when the holding run took the lock. */
  readonly since?: string;
  readonly host?: string;
}

/** Another run holds the target's lock (exit 4). */
export class LockHeldError extends StrataError {
  constructor(
    readonly lockName: string,
    readonly holder: LockHolder | undefined,
    waitedSeconds: number,
    hint: string,
  ) {
    super('lock_held', `another run holds the run lock of ${lockName}: ${describeHolder(holder)}${waitedSeconds > 0 ? ` (waited ${waitedSeconds}s)` : ''}`, { hint }, ExitCode.lockHeld);
  }
}

/** Takes the target's run lock, waiting up to lockTimeoutSeconds; throws LockHeldError when another run keeps it. */
export async function acquireRunLock(adapter: Adapter, target: TargetConfig, options: RunLockOptions = {}): Promise<RunLock> {
  const timeoutSeconds = Math.max(0, options.lockTimeoutSeconds ?? 0);
  return target.type === 'pglite'
    ? acquireLockFile(target, options.projectDir ?? process.cwd(), options.applicationName ?? 'strata', timeoutSeconds)
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

// --- PGlite: lock file ----------------------------------------------------------------------------

/** What a lock file holds: enough to name the holder and to tell whether it is still alive. */
interface LockFileContent {
  readonly pid: number;
  readonly host: string;
  /** When the holding process started (ISO), to tell a live holder from a reused pid. */
  readonly processStartedAt: string;
  /** When the lock was taken (ISO). */
  readonly lockedAt: string;
  readonly applicationName: string;
  readonly token: string;
}

/** The lock file of a PGlite target, inside its data directory. */
export function pgliteLockFile(target: PgliteTarget, projectDir: string): string {
  return path.join(pgliteDataDir(target, projectDir), 'strata-run.lock');
}

async function acquireLockFile(target: PgliteTarget, projectDir: string, applicationName: string, timeoutSeconds: number): Promise<RunLock> {
  const file = pgliteLockFile(target, projectDir);
  await mkdir(path.dirname(file), { recursive: true });
  const mine: LockFileContent = {
    pid: process.pid,
    host: hostname(),
    processStartedAt: new Date(Math.round(Date.now() - process.uptime() * 1000)).toISOString(),
    lockedAt: new Date().toISOString(),
    applicationName,
    token: randomUUID(),
  };
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    if (await createExclusively(file, mine)) break;
    const holder = await readLockFile(file);
    if (holder === undefined || isStale(holder)) {
      // A run that died left it (or it is half-written garbage): take it over.
      await removeIfUnchanged(file, holder);
      continue;
    }
    if (Date.now() >= deadline) {
      const described: LockHolder = { applicationName: holder.applicationName, pid: holder.pid, since: holder.lockedAt, host: holder.host };
      throw new LockHeldError(`the PGlite database at ${path.dirname(file)}`, described, timeoutSeconds, pgliteHint(holder, file));
    }
    await sleep(Math.min(RETRY_EVERY_MS, Math.max(0, deadline - Date.now())));
  }

  // A run ended by Ctrl-C or process.exit still frees the lock; a crash leaves a stale file the next run takes over.
  const removeOnExit = () => removeIfMineSync(file, mine.token);
  process.once('exit', removeOnExit);
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      process.removeListener('exit', removeOnExit);
      const current = await readLockFile(file);
      if (current?.token === mine.token) await unlink(file).catch(() => undefined);
    },
  };
}

async function createExclusively(file: string, content: LockFileContent): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(`${JSON.stringify(content, null, 2)}\n`);
  } finally {
    await handle.close();
  }
  return true;
}

async function readLockFile(file: string): Promise<LockFileContent | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockFileContent>;
    return typeof parsed.pid === 'number' && typeof parsed.token === 'string' ? (parsed as LockFileContent) : undefined;
  } catch {
    // Being written by its creator right now, or damaged; treated alike once it stays so (see isStale callers).
    return undefined;
  }
}

/** Removes the lock file unless another run replaced it meanwhile. */
async function removeIfUnchanged(file: string, seen: LockFileContent | undefined): Promise<void> {
  if (seen === undefined) {
    // An unreadable file may be one being written this instant: give its writer a moment first.
    await sleep(50);
    const again = await readLockFile(file);
    if (again !== undefined) return;
  } else {
    const current = await readLockFile(file);
    if (current?.token !== seen.token) return;
  }
  await unlink(file).catch(() => undefined);
}

function removeIfMineSync(file: string, token: string): void {
  try {
    if ((JSON.parse(readFileSync(file, 'utf8')) as LockFileContent).token === token) unlinkSync(file);
  } catch {
    // Gone already, or not ours.
  }
}

/** A holder on this machine whose process is gone, or whose pid now belongs to a younger process. */
function isStale(holder: LockFileContent): boolean {
  if (holder.host !== hostname()) return false; // cannot see another machine's processes
  if (!isProcessAlive(holder.pid)) return true;
  const started = processStartTime(holder.pid);
  if (started === undefined) return false;
  return Math.abs(started.getTime() - Date.parse(holder.processStartedAt)) > 5_000;
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** When a process started, where the system tells (Linux /proc); undefined elsewhere. */
function processStartTime(pid: number): Date | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime, clock ticks since boot) counts from after the parenthesised command name.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    const bootSeconds = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    if (!Number.isFinite(ticks) || !Number.isFinite(bootSeconds)) return undefined;
    return new Date((bootSeconds + ticks / CLOCK_TICKS_PER_SECOND) * 1000);
  } catch {
    return undefined;
  }
}

/** USER_HZ: 100 on every mainstream Linux build. */
const CLOCK_TICKS_PER_SECOND = 100;

function pgliteHint(holder: LockFileContent, file: string): string {
  return (
    `the embedded database can be used by one process at a time: wait for that run to finish, or pass --lock-timeout <seconds> to wait for it. ` +
    `If no such run exists (pid ${holder.pid} on ${holder.host} is another program), delete ${file}`
  );
}

function describeHolder(holder: LockHolder | undefined): string {
  if (!holder) return 'a session that let it go just now (try again)';
  const parts = [
    holder.applicationName ? `"${holder.applicationName}"` : 'a session',
    holder.pid !== undefined ? `pid ${holder.pid}` : undefined,
    holder.host ? `from ${holder.host}` : undefined,
    holder.since ? `since ${holder.since}` : undefined,
  ];
  return parts.filter((part) => part !== undefined).join(', ');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
