/**
 * Exclusive use of a PGlite data directory by one process. PGlite is PostgreSQL in this process,
 * with no postmaster to keep a second process out: two processes opening one directory corrupt
 * it. So the directory holds a lock file (pid, host, start times), taken before the database is
 * opened and removed after it is closed; a file whose process is gone is stale and taken over.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { LockHeldError } from './lock-held-error.js';

/** The lock file's name inside the data directory. */
export const PGLITE_LOCK_FILE = 'strata-run.lock';

export interface DirectoryLock {
  /** Removes the lock file (if still ours); safe to call more than once. */
  release(): Promise<void>;
}

export interface DirectoryLockOptions {
  /** Named in the error another process gets (`strata build`). */
  readonly applicationName: string;
  /** How long to wait for another process to let go; 0 fails at once. */
  readonly timeoutSeconds: number;
}

const RETRY_EVERY_MS = 200;

/** Takes the directory's lock file, waiting up to timeoutSeconds; LockHeldError (exit 4) when another live process keeps it. */
export async function lockPgliteDirectory(dataDir: string, options: DirectoryLockOptions): Promise<DirectoryLock> {
  const file = path.join(dataDir, PGLITE_LOCK_FILE);
  await mkdir(dataDir, { recursive: true });
  const mine: LockFileContent = {
    pid: process.pid,
    host: hostname(),
    processStartedAt: new Date(Math.round(Date.now() - process.uptime() * 1000)).toISOString(),
    lockedAt: new Date().toISOString(),
    applicationName: options.applicationName,
    token: randomUUID(),
  };
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  for (;;) {
    if (await createExclusively(file, mine)) break;
    const holder = await readLockFile(file);
    if (holder === undefined || isStale(holder)) {
      // A run that died left it (or it is half-written garbage): take it over.
      await removeIfUnchanged(file, holder);
      continue;
    }
    if (Date.now() >= deadline) {
      const described = { applicationName: holder.applicationName, pid: holder.pid, since: holder.lockedAt, host: holder.host };
      throw new LockHeldError(`the PGlite database at ${dataDir}`, described, options.timeoutSeconds, pgliteHint(holder, file));
    }
    await sleep(Math.min(RETRY_EVERY_MS, Math.max(0, deadline - Date.now())));
  }

  // A process ended by Ctrl-C or process.exit still frees the directory; a crash leaves a stale file the next one takes over.
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
    // Being written by its creator this instant, or damaged: removeIfUnchanged tells the two apart.
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
