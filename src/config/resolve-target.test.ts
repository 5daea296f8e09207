import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, StrataErrors, type StrataError } from '../errors/strata-error.js';
import { envVarOnlyRenderer } from './env-var-renderer.js';
import { resolveTarget } from './resolve-target.js';

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'strata-profiles-'));
}

async function write(dir: string, name: string, text: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, name), text);
  return join(dir, name);
}

async function errorsOf(promise: Promise<unknown>): Promise<StrataError[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof StrataErrors) return [...error.errors];
    if (error instanceof ConfigError) return [error];
    throw error;
  }
  throw new Error('expected an error');
}

const PG_PROFILE = `shop:
  target: dev
  outputs:
    dev:
      type: postgres
      host: localhost
      user: "{{ env_var('PGUSER', 'analyst') }}"
      password: "{{ env_var('DBT_ENV_SECRET_PGPASSWORD') }}"
      port: "{{ env_var('PGPORT', '5433') }}"
      database: warehouse
      schema: analytics
    ci:
      type: pglite
      path: /tmp/ci-db
`;

describe('resolveTarget', () => {
  it('falls back to the built-in pglite target when there is no profiles.yml and no profile', async () => {
    const home = await tempDir();
    const project = await tempDir();
    const { value } = await resolveTarget({ projectDir: project, homeDir: home, env: {}, render: envVarOnlyRenderer({ env: {} }) });
    expect(value).toEqual({
      builtin: true,
      target: { type: 'pglite', name: 'dev', profile: 'strata_builtin', path: '.strata/pglite', schema: 'public', database: 'postgres', threads: 1, retries: 3, retry_backoff: 1 },
    });
  });

  it('uses the built-in target when the project names no profile, even if ~/.dbt has profiles for other projects', async () => {
    const home = await tempDir();
    await write(join(home, '.dbt'), 'profiles.yml', PG_PROFILE);
    const { value } = await resolveTarget({ projectDir: await tempDir(), homeDir: home, env: {}, render: envVarOnlyRenderer({ env: {} }) });
    expect(value.builtin).toBe(true);
  });

  it('reads a postgres output with defaults, aliases and rendered env vars', async () => {
    const home = await tempDir();
    const file = await write(join(home, '.dbt'), 'profiles.yml', PG_PROFILE);
    const env = { DBT_ENV_SECRET_PGPASSWORD: 's3cret' };
    const { value } = await resolveTarget({ projectDir: await tempDir(), homeDir: home, env, profile: 'shop', render: envVarOnlyRenderer({ env, allowSecrets: true }) });
    expect(value.profilesFile).toBe(file);
    expect(value.target).toEqual({
      type: 'postgres',
      name: 'dev',
      profile: 'shop',
      host: 'localhost',
      port: 5433,
      user: 'analyst',
      password: 's3cret',
      database: 'warehouse',
      schema: 'analytics',
      threads: 4,
      retries: 3,
      retry_backoff: 1,
      connect_timeout: 10,
      keepalives_idle: 0,
      application_name: 'strata',
    });
  });

  it('picks the target from --target and renders only that output', async () => {
    const home = await tempDir();
    await write(join(home, '.dbt'), 'profiles.yml', PG_PROFILE);
    // DBT_ENV_SECRET_PGPASSWORD is unset: rendering the dev output would fail.
    const { value } = await resolveTarget({ projectDir: await tempDir(), homeDir: home, env: {}, profile: 'shop', target: 'ci', render: envVarOnlyRenderer({ env: {} }) });
    expect(value.target).toMatchObject({ type: 'pglite', name: 'ci', path: '/tmp/ci-db', schema: 'public', threads: 1 });
  });

  it('looks in --profiles-dir, then the environment, then the project, then ~/.strata, then ~/.dbt', async () => {
    const home = await tempDir();
    const project = await tempDir();
    const flagDir = await tempDir();
    const envDir = await tempDir();
    const output = (path: string) => `shop:\n  target: dev\n  outputs:\n    dev:\n      type: pglite\n      path: ${path}\n`;
    await write(join(home, '.dbt'), 'profiles.yml', output('dbt'));
    await write(join(home, '.strata'), 'profiles.yml', output('strata'));
    await write(project, 'profiles.yml', output('project'));
    await write(envDir, 'profiles.yml', output('env'));
    await write(flagDir, 'profiles.yml', output('flag'));
    const render = envVarOnlyRenderer({ env: {} });
    const pathFor = async (opts: { profilesDir?: string; env?: Record<string, string> }) =>
      (await resolveTarget({ projectDir: project, homeDir: home, env: opts.env ?? {}, profilesDir: opts.profilesDir, profile: 'shop', render })).value.target;
    expect(await pathFor({ profilesDir: flagDir, env: { DBT_PROFILES_DIR: envDir } })).toMatchObject({ path: 'flag' });
    expect(await pathFor({ env: { DBT_PROFILES_DIR: envDir } })).toMatchObject({ path: 'env' });
    expect(await pathFor({ env: { STRATA_PROFILES_DIR: envDir } })).toMatchObject({ path: 'env' });
    expect(await pathFor({})).toMatchObject({ path: 'project' });
    const projectWithout = await tempDir();
    const fromHome = await resolveTarget({ projectDir: projectWithout, homeDir: home, env: {}, profile: 'shop', render });
    expect(fromHome.value.target).toMatchObject({ path: 'strata' });
  });

  it('fails when --profiles-dir has no profiles.yml', async () => {
    const [error] = await errorsOf(resolveTarget({ projectDir: await tempDir(), homeDir: await tempDir(), env: {}, profilesDir: '/nonexistent/dir', profile: 'shop', render: envVarOnlyRenderer() }));
    expect(error!.message).toBe('no profiles.yml in /nonexistent/dir (given by --profiles-dir)');
  });

  it('uses the built-in pglite target, with a warning, when the project names a profile but no profiles.yml exists', async () => {
    const { value, warnings } = await resolveTarget({ projectDir: await tempDir(), homeDir: await tempDir(), env: {}, profile: 'shop', render: envVarOnlyRenderer() });
    expect(value.builtin).toBe(true);
    expect(value.target).toMatchObject({ type: 'pglite', path: '.strata/pglite', profile: 'shop', name: 'dev' });
    expect(warnings.map((w) => w.message).join('\n')).toContain('no profiles.yml found for profile "shop"');
  });

  it('refuses a --target other than the built-in one when the project names a profile but no profiles.yml exists', async () => {
    const [error] = await errorsOf(resolveTarget({ projectDir: await tempDir(), homeDir: await tempDir(), env: {}, profile: 'shop', target: 'prod', render: envVarOnlyRenderer() }));
    expect(error!.message).toContain('target "prod" does not exist');
  });

  it('names the missing profile and target', async () => {
    const home = await tempDir();
    await write(join(home, '.dbt'), 'profiles.yml', PG_PROFILE);
    const render = envVarOnlyRenderer({ env: {} });
    const [noProfile] = await errorsOf(resolveTarget({ projectDir: await tempDir(), homeDir: home, env: {}, profile: 'other', render }));
    expect(noProfile!.message).toContain('profile "other" not found');
    expect(noProfile!.hint).toBe('It has: shop.');
    const [noTarget] = await errorsOf(resolveTarget({ projectDir: await tempDir(), homeDir: home, env: {}, profile: 'shop', target: 'prod', render }));
    expect(noTarget!.message).toBe('target "prod" not found in profile "shop"');
    expect(noTarget!.hint).toContain('dev, ci');
    expect(noTarget!.location?.line).toBe(3);
  });

  it('never shows a password in an error, nor in its code frame', async () => {
    const home = await tempDir();
    await write(
      join(home, '.dbt'),
      'profiles.yml',
      ['shop:', '  target: dev', '  outputs:', '    dev:', '      type: postgres', '      host: localhost', '      port: not-a-port', '      password: [hunter2]', '      user: me', '      dbname: db', '      schema: s', ''].join('\n'),
    );
    const errors = await errorsOf(resolveTarget({ projectDir: await tempDir(), homeDir: home, env: {}, profile: 'shop', render: envVarOnlyRenderer({ env: {} }) }));
    expect(errors.map((e) => e.message)).toEqual([
      'shop.outputs.dev.port: expected a whole number, got the string "not-a-port"',
      'shop.outputs.dev.password: expected a string, got a value that is not shown (it is a credential)',
    ]);
    expect(errors.map((e) => [e.location?.line, e.location?.column])).toEqual([
      [7, 7],
      [8, 7],
    ]);
    for (const error of errors) expect(`${error.message}\n${error.frame ?? ''}\n${error.hint ?? ''}`).not.toContain('hunter2');
    expect(errors[0]!.frame).toContain('password: *****');
  });

  it('rejects adapters strata cannot connect to', async () => {
    const home = await tempDir();
    await write(join(home, '.dbt'), 'profiles.yml', 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: snowflake\n      account: x\n');
    const [error] = await errorsOf(resolveTarget({ projectDir: await tempDir(), homeDir: home, env: {}, profile: 'shop', render: envVarOnlyRenderer() }));
    expect(error!.message).toContain('strata connects to PostgreSQL only');
    expect(error!.where).toMatch(/profiles\.yml:5:7$/);
  });

  it('refuses --target other than dev for the built-in target', async () => {
    const [error] = await errorsOf(resolveTarget({ projectDir: await tempDir(), homeDir: await tempDir(), env: {}, target: 'prod', render: envVarOnlyRenderer() }));
    expect(error!.message).toContain('target "prod" does not exist');
  });
});
