import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import type pg from 'pg';
import type { PostgresTarget } from '../config/target.js';
import { ConnectionError } from '../errors/strata-error.js';

/** TLS settings for `pg` from libpq's sslmode: false (no TLS) or the options of the TLS socket. */
export function tlsOptions(target: PostgresTarget, projectDir: string): false | ConnectionOptions {
  const mode = target.sslmode ?? 'prefer';
  // node-postgres cannot fall back between TLS and plain on one connection attempt; `allow` starts
  // plain (as libpq does) and `prefer` starts with TLS, the adapter retrying plain if refused.
  if (mode === 'disable' || mode === 'allow') return false;
  const options: { rejectUnauthorized: boolean; ca?: Buffer; cert?: Buffer; key?: Buffer; checkServerIdentity?: () => undefined } = {
    rejectUnauthorized: mode === 'verify-ca' || mode === 'verify-full',
  };
  if (target.sslrootcert && options.rejectUnauthorized) options.ca = readTlsFile(target.sslrootcert, 'sslrootcert', projectDir);
  if (target.sslcert) options.cert = readTlsFile(target.sslcert, 'sslcert', projectDir);
  if (target.sslkey) options.key = readTlsFile(target.sslkey, 'sslkey', projectDir);
  // verify-ca checks the chain but not that the certificate names the host.
  if (mode === 'verify-ca') options.checkServerIdentity = () => undefined;
  return options;
}

/** The `pg` client settings for a target (pool size and TLS are added by the caller). */
export function pgClientConfig(target: PostgresTarget, applicationName: string): pg.ClientConfig {
  return {
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database: target.database,
    application_name: applicationName,
    connectionTimeoutMillis: target.connect_timeout > 0 ? target.connect_timeout * 1000 : undefined,
    keepAlive: true,
    keepAliveInitialDelayMillis: target.keepalives_idle > 0 ? target.keepalives_idle * 1000 : undefined,
    // Sent as a startup parameter, so it holds from the first statement on.
    statement_timeout: target.statement_timeout,
  };
}

/** The settings every new session gets before its first statement (search_path, role), as `set_config` calls. */
export function sessionSetup(target: PostgresTarget): { readonly sql: string; readonly params: string[] } | undefined {
  const settings: [string, string][] = [];
  if (target.search_path) settings.push(['search_path', target.search_path]);
  if (target.role) settings.push(['role', target.role]);
  if (settings.length === 0) return undefined;
  const calls = settings.map((_, i) => `pg_catalog.set_config($${2 * i + 1}, $${2 * i + 2}, false)`);
  return { sql: `select ${calls.join(', ')}`, params: settings.flat() };
}

function readTlsFile(file: string, setting: string, projectDir: string): Buffer {
  const resolved = path.resolve(projectDir, file);
  try {
    return readFileSync(resolved);
  } catch (error) {
    throw new ConnectionError(`cannot read ${setting} ${resolved}: ${(error as Error).message}`, {
      hint: `fix \`${setting}\` in profiles.yml (relative paths are taken from the project directory)`,
    });
  }
}
