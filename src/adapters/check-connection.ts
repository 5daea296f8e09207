import type { TargetConfig } from '../config/target.js';
import { openAdapter, type OpenAdapterOptions } from './open-adapter.js';

/** What `strata debug` prints about the database it reached. */
export interface ConnectionCheck {
  /** PostgreSQL's server_version, e.g. `15.20`. */
  readonly serverVersion: string;
  /** current_database() as the server names it (PGlite's is always `postgres`). */
  readonly database: string;
  /** current_user (after `role`, when the target sets one). */
  readonly user: string;
}

/**
 * Connects to the target and asks who we are. An unreachable server, a refused login or a missing
 * database fail with a ConnectionError (exit 3) naming host:port and what to change.
 */
export async function checkConnection(target: TargetConfig, options: OpenAdapterOptions): Promise<ConnectionCheck> {
  const adapter = await openAdapter(target, options);
  try {
    const row = await adapter.withConnection(async (connection) => {
      const result = await connection.query<{ database: string; user: string }>('select current_database() as database, current_user as user');
      return result.rows[0]!;
    });
    return { serverVersion: await adapter.serverVersion(), database: row.database, user: row.user };
  } finally {
    await adapter.close();
  }
}
