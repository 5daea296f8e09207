import { PGlite } from '@electric-sql/pglite';
import { ConnectionError } from '../errors/strata-error.js';
import { lockPgliteDirectory, type DirectoryLock } from './pglite-directory-lock.js';
import { PgliteSession } from './pglite-session.js';
import type { SessionLease, SessionSource } from './session-adapter.js';
import { TypeNameResolver } from './type-names.js';
import { VALUE_PARSERS } from './value-parsers.js';

/**
 * PGlite's one backend, handed to one caller at a time. The database is opened on first use, not
 * when the adapter is made, and only after this process holds the data directory's lock file
 * (two processes writing one directory corrupt it); the lock goes after the database is closed.
 */
export class PgliteSource implements SessionSource {
  private db?: Promise<PGlite>;
  private directoryLock?: Promise<DirectoryLock>;
  private queue: Promise<void> = Promise.resolve();
  private readonly typeNames = new TypeNameResolver();

  /** `dataDir` absolute; `applicationName` is what another process is told holds the directory. */
  constructor(
    private readonly dataDir: string,
    private readonly applicationName: string,
  ) {}

  /** Takes the data directory for this process (waiting up to timeoutSeconds for another to let go); held until close. */
  lockDirectory(options: { timeoutSeconds: number; applicationName?: string }): Promise<void> {
    if (!this.directoryLock) {
      const locking = lockPgliteDirectory(this.dataDir, { applicationName: options.applicationName ?? this.applicationName, timeoutSeconds: options.timeoutSeconds });
      this.directoryLock = locking;
      locking.catch(() => {
        if (this.directoryLock === locking) this.directoryLock = undefined;
      });
    }
    return this.directoryLock.then(() => undefined);
  }

  async acquire(): Promise<SessionLease> {
    const previous = this.queue;
    let free!: () => void;
    this.queue = new Promise((resolve) => (free = resolve));
    await previous;
    try {
      const session = new PgliteSession(await this.open(), this.typeNames);
      return { session, release: () => free() };
    } catch (error) {
      free();
      throw error;
    }
  }

  /** PGlite runs statements one at a time in this process; a cancel stops work between statements (the adapter's epoch). */
  async cancelRunning(): Promise<void> {}

  async close(): Promise<void> {
    const db = this.db;
    this.db = undefined;
    try {
      if (db) await (await db.catch(() => undefined))?.close();
    } finally {
      const lock = this.directoryLock;
      this.directoryLock = undefined;
      if (lock) await (await lock.catch(() => undefined))?.release();
    }
  }

  private open(): Promise<PGlite> {
    if (!this.db) {
      const opening = (async () => {
        // Without waiting: a caller that wants to wait takes the lock first (the run lock does).
        await this.lockDirectory({ timeoutSeconds: 0 });
        try {
          return await PGlite.create({ dataDir: this.dataDir, parsers: VALUE_PARSERS });
        } catch (error) {
          throw cannotOpen(this.dataDir, error);
        }
      })();
      this.db = opening;
      opening.catch(() => {
        if (this.db === opening) this.db = undefined;
      });
    }
    return this.db;
  }
}

function cannotOpen(dataDir: string, error: unknown): ConnectionError {
  return new ConnectionError(`could not open PGlite at ${dataDir}: ${(error as Error).message ?? String(error)}`, {
    hint: 'check that the directory is writable and holds a PGlite database (or is empty); another program may have damaged it',
    cause: error,
  });
}
