import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { ConnectionError } from '../errors/strata-error.js';
import { PgliteSession } from './pglite-session.js';
import type { SessionLease, SessionSource } from './session-adapter.js';
import { TypeNameResolver } from './type-names.js';
import { VALUE_PARSERS } from './value-parsers.js';

/**
 * PGlite's one backend, handed to one caller at a time. The database is opened on first use, not
 * when the adapter is made: the run lock (a file in the data directory) must be taken before the
 * data directory is touched, since two processes writing it would corrupt it.
 */
export class PgliteSource implements SessionSource {
  private db?: Promise<PGlite>;
  private queue: Promise<void> = Promise.resolve();
  private readonly typeNames = new TypeNameResolver();

  /** `dataDir` absolute. */
  constructor(private readonly dataDir: string) {}

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
    if (db) await (await db.catch(() => undefined))?.close();
  }

  private open(): Promise<PGlite> {
    if (!this.db) {
      const opening = (async () => {
        await mkdir(this.dataDir, { recursive: true });
        return PGlite.create({ dataDir: this.dataDir, parsers: VALUE_PARSERS });
      })().catch((error: unknown) => {
        throw new ConnectionError(`could not open PGlite at ${this.dataDir}: ${(error as Error).message ?? String(error)}`, {
          hint: 'check that the directory is writable and holds a PGlite database (or is empty); another program may have damaged it',
          cause: error,
        });
      });
      this.db = opening;
      opening.catch(() => {
        if (this.db === opening) this.db = undefined;
      });
    }
    return this.db;
  }
}
