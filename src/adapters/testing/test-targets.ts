/**
 * Targets for tests that open real adapters: PGlite in a fresh temporary directory, and the server
 * named by STRATA_TEST_PG_URL. Server tests build in schemas of their own (see uniqueSchemaName).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import type { PgliteTarget, PostgresTarget, TargetConfig } from '../../config/target.js';

/** PGlite always; the server too when STRATA_TEST_PG_URL is set. */
export const testTargetKinds: readonly ('pglite' | 'postgres')[] = process.env.STRATA_TEST_PG_URL ? ['pglite', 'postgres'] : ['pglite'];

const temporaryDirs: string[] = [];
// Registered while the importing test file is collected, so it runs after that file's tests.
afterAll(() => {
  for (const dir of temporaryDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A PGlite target in a new temporary directory (the project directory; the data lives in `.strata/pglite` under it). */
export function pgliteTestTarget(overrides: Partial<PgliteTarget> = {}): { target: PgliteTarget; projectDir: string } {
  const projectDir = mkdtempSync(path.join(tmpdir(), 'strata-adapter-'));
  temporaryDirs.push(projectDir);
  const target: PgliteTarget = {
    type: 'pglite',
    name: 'test',
    profile: 'test',
    path: '.strata/pglite',
    schema: 'public',
    database: 'postgres',
    threads: 1,
    retries: 1,
    retry_backoff: 0,
    ...overrides,
  };
  return { target, projectDir };
}

/** The server target of STRATA_TEST_PG_URL (postgres://user[:password]@host[:port]/database). */
export function serverTestTarget(overrides: Partial<PostgresTarget> = {}): PostgresTarget {
  const url = new URL(process.env.STRATA_TEST_PG_URL!);
  return {
    type: 'postgres',
    name: 'test',
    profile: 'test',
    host: url.hostname,
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username) || 'postgres',
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    database: decodeURIComponent(url.pathname.slice(1)) || 'postgres',
    schema: 'public',
    threads: 4,
    retries: 1,
    retry_backoff: 0,
    connect_timeout: 10,
    keepalives_idle: 0,
    application_name: 'strata-test',
    sslmode: 'disable',
    ...overrides,
  };
}

/** A target of `kind` with a project directory to open it from. */
export function testTarget(kind: 'pglite' | 'postgres', overrides: Partial<TargetConfig> = {}): { target: TargetConfig; projectDir: string } {
  if (kind === 'pglite') return pgliteTestTarget(overrides as Partial<PgliteTarget>);
  return { target: serverTestTarget(overrides as Partial<PostgresTarget>), projectDir: process.cwd() };
}

/** A schema name no other test uses. */
export function uniqueSchemaName(prefix = 'strata_adapter'): string {
  return `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
}
