import { AsyncLocalStorage } from 'node:async_hooks';
import { ConnectionError } from '../errors/strata-error.js';
import type { Adapter, AdapterType, Connection, DedicatedConnection } from './adapter.js';
import { Catalog } from './catalog/catalog.js';
import type { DriverSession, SessionEnvironment } from './driver-session.js';
import { SessionConnection } from './session-connection.js';

/** A session checked out for one withConnection call. */
export interface SessionLease {
  readonly session: DriverSession;
  /** Gives the session back; `broken` when its connection is unusable and must not be reused. */
  release(broken: boolean): void;
}

/** Where an adapter's sessions come from: PGlite's single backend or a `pg` pool. */
export interface SessionSource {
  /** Waits for a free session (opening the database or a connection when needed). */
  acquire(): Promise<SessionLease>;
  /** Asks the database to stop the statements running now on leased sessions. */
  cancelRunning(): Promise<void>;
  /** A session of its own outside the shared ones, ended by `release`; absent where there is only one backend. */
  openDedicated?(): Promise<DriverSession & { release(broken?: boolean): void }>;
  /** Exclusive use of an embedded database's files by this process (see Adapter.lockDataDirectory). */
  lockDirectory?(options: { timeoutSeconds: number; applicationName?: string }): Promise<void>;
  close(): Promise<void>;
}

export interface SessionAdapterSettings {
  readonly type: AdapterType;
  readonly maxConnections: number;
  readonly database: string;
  readonly retries: number;
  readonly retryBackoffSeconds: number;
  readonly toStrataError: (error: unknown, sql?: string) => Error;
}

/** The Adapter both databases share: connection leasing, nesting, cancel and the catalog. */
export class SessionAdapter implements Adapter {
  readonly type: AdapterType;
  readonly maxConnections: number;
  readonly database: string;
  readonly catalog: Catalog;
  readonly openDedicatedConnection?: () => Promise<DedicatedConnection>;
  readonly lockDataDirectory?: (options: { timeoutSeconds: number; applicationName?: string }) => Promise<void>;
  private readonly held = new AsyncLocalStorage<Connection>();
  private readonly environment: SessionEnvironment;
  private epoch = 0;
  private version?: Promise<string>;
  private closed = false;

  constructor(
    settings: SessionAdapterSettings,
    private readonly source: SessionSource,
  ) {
    this.type = settings.type;
    this.maxConnections = settings.maxConnections;
    this.database = settings.database;
    this.environment = {
      retries: settings.retries,
      retryBackoffSeconds: settings.retryBackoffSeconds,
      toStrataError: settings.toStrataError,
      cancelEpoch: () => this.epoch,
    };
    this.catalog = new Catalog(this.database, (fn) => this.withConnection(fn));
    if (source.lockDirectory) this.lockDataDirectory = source.lockDirectory.bind(source);
    const openDedicated = source.openDedicated?.bind(source);
    if (openDedicated) {
      this.openDedicatedConnection = async () => {
        const session = await openDedicated();
        // No retries: a reconnect would silently drop the session state this connection exists to hold.
        const connection = new SessionConnection(session, { ...this.environment, retries: 0 });
        return Object.assign(connection, { close: async () => session.release() });
      };
    }
  }

  async withConnection<T>(fn: (connection: Connection) => Promise<T>): Promise<T> {
    const current = this.held.getStore();
    if (current) return fn(current);
    if (this.closed) throw new Error('the adapter is closed');
    const lease = await this.source.acquire();
    const connection = new SessionConnection(lease.session, this.environment);
    let broken = false;
    try {
      return await this.held.run(connection, () => fn(connection));
    } catch (error) {
      broken = error instanceof ConnectionError;
      throw error;
    } finally {
      lease.release(broken);
    }
  }

  async cancel(): Promise<void> {
    this.epoch++;
    await this.source.cancelRunning();
  }

  serverVersion(): Promise<string> {
    this.version ??= this.withConnection(async (connection) => {
      const result = await connection.query<{ server_version: string }>('show server_version');
      // A distribution appends its name: `15.20 (Debian 15.20-0+deb12u1)`.
      return result.rows[0]!.server_version.split(' ')[0]!;
    });
    this.version.catch(() => (this.version = undefined));
    return this.version;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.source.close();
  }
}
