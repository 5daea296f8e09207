import pg from 'pg';
import type { ConnectionOptions } from 'node:tls';
import { withRetry } from './retry.js';
import { ConnectionError } from '../errors/strata-error.js';
import { PgSession, type PgClientHandling } from './pg-session.js';
import type { SessionLease, SessionSource } from './session-adapter.js';
import { isTransientError } from './transient-errors.js';
import { TypeNameResolver } from './type-names.js';
import { VALUE_PARSERS } from './value-parsers.js';

export interface PgSourceSettings {
  /** `host:port`, for messages. */
  readonly endpoint: string;
  readonly client: pg.ClientConfig;
  readonly ssl: false | ConnectionOptions;
  /** libpq's `prefer`: when the server refuses TLS, connect without it. */
  readonly fallBackToPlain: boolean;
  readonly maxConnections: number;
  readonly retries: number;
  readonly retryBackoffSeconds: number;
  /** Statement run once on every new session (search_path, role). */
  readonly setup?: { readonly sql: string; readonly params: readonly unknown[] };
  readonly toStrataError: (error: unknown, sql?: string) => Error;
}

/** Same value conversions as PGlite (see QueryResult): our parsers first, pg's for the rest. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    VALUE_PARSERS[oid] ?? (pg.types.getTypeParser as (oid: number, format?: string) => unknown)(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * Connections to a server from a `pg` pool of `threads` clients. Callers wait for a slot here,
 * not in the pool: pg-pool applies its connection timeout to waiting for a busy pool as well,
 * which would fail a worker that merely waited for another's long model.
 */
export class PgSource implements SessionSource {
  private pool?: pg.Pool;
  private ssl: false | ConnectionOptions;
  private readonly slots: Semaphore;
  private readonly prepared = new WeakSet<pg.PoolClient>();
  private readonly leased = new Set<PgSession>();
  private readonly typeNames = new TypeNameResolver();

  constructor(private readonly settings: PgSourceSettings) {
    this.ssl = settings.ssl;
    this.slots = new Semaphore(settings.maxConnections);
  }

  async acquire(): Promise<SessionLease> {
    await this.slots.take();
    try {
      const session = new PgSession(await this.checkout(), this.pooled, this.typeNames);
      this.leased.add(session);
      return {
        session,
        release: (broken) => {
          this.leased.delete(session);
          session.release(broken);
          this.slots.give();
        },
      };
    } catch (error) {
      this.slots.give();
      throw error;
    }
  }

  /** A session outside the pool, held apart from the work (the run lock); it ends on release. */
  async openDedicated(): Promise<PgSession> {
    const client = await this.connectDedicated();
    return new PgSession(client, this.dedicated, this.typeNames);
  }

  private readonly pooled: PgClientHandling = {
    replace: () => this.checkout(),
    release: (client, broken) => (client as pg.PoolClient).release(broken),
  };

  private readonly dedicated: PgClientHandling = {
    replace: () => {
      // Its session state (an advisory lock) died with the old connection; a new one would not hold it.
      throw new ConnectionError(`lost the dedicated session to ${this.settings.endpoint}`, {
        hint: 'the server closed the session (restart, failover or an administrator); run again when it is back',
      });
    },
    release: (client) => void (client as pg.Client).end().catch(() => undefined),
  };

  private async connectDedicated(): Promise<pg.Client> {
    return this.connectWithRetry(async () => {
      const client = new pg.Client({ ...this.settings.client, ssl: this.ssl, types });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await this.prepare(client);
        return client;
      } catch (error) {
        await client.end().catch(() => undefined);
        throw error;
      }
    });
  }

  async cancelRunning(): Promise<void> {
    const pids = [...this.leased].map((session) => session.processId).filter((pid): pid is number => pid !== undefined);
    if (pids.length === 0) return;
    // The pool may be full of the very sessions to cancel, so the request goes on its own connection.
    const client = new pg.Client({ ...this.settings.client, ssl: this.ssl });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('select pg_catalog.pg_cancel_backend(pid) from unnest($1::int[]) as pid', [pids]);
    } catch {
      // Best effort: the work stops at its next statement anyway (the adapter's cancel epoch).
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end();
  }

  private checkout(): Promise<pg.PoolClient> {
    return this.connectWithRetry(async () => {
      const client = await this.getPool().connect();
      if (!this.prepared.has(client)) {
        // pg-pool listens for errors only while a client is idle: a session the server ends while the
        // client is checked out (57P01 between two statements) would otherwise be an uncaught error that
        // kills the process. The next query on it fails and the session is replaced and retried.
        client.on('error', () => undefined);
        try {
          await this.prepare(client);
        } catch (error) {
          client.release(true);
          throw error;
        }
        this.prepared.add(client);
      }
      return client;
    });
  }

  private async prepare(client: pg.ClientBase): Promise<void> {
    const setup = this.settings.setup;
    if (setup) await client.query(setup.sql, setup.params as unknown[]);
  }

  /** Connects under the retry policy (a server restarting, too many connections); errors come out as strata errors. */
  private connectWithRetry<T>(connect: () => Promise<T>): Promise<T> {
    const policy = { retries: this.settings.retries, backoffSeconds: this.settings.retryBackoffSeconds };
    const attempt = async (): Promise<T> => {
      try {
        return await connect();
      } catch (error) {
        if (this.ssl && this.settings.fallBackToPlain && /does not support SSL/i.test((error as Error).message ?? '')) {
          await this.usePlainConnections();
          return connect();
        }
        throw error;
      }
    };
    return withRetry(policy, attempt).catch((error: unknown) => {
      throw this.settings.toStrataError(error);
    });
  }

  private async usePlainConnections(): Promise<void> {
    this.ssl = false;
    const old = this.pool;
    this.pool = undefined;
    await old?.end().catch(() => undefined);
  }

  private getPool(): pg.Pool {
    if (!this.pool) {
      this.pool = new pg.Pool({ ...this.settings.client, ssl: this.ssl, types, max: this.settings.maxConnections });
      // An idle client losing its server emits here; without a listener the process would exit.
      this.pool.on('error', () => undefined);
    }
    return this.pool;
  }
}

/** At most `size` holders at once; the rest wait in order. */
class Semaphore {
  private readonly waiting: (() => void)[] = [];

  constructor(private free: number) {}

  async take(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}
