import { describe, expect, it } from 'vitest';
import { envVarOnlyRenderer } from './env-var-renderer.js';
import { EnvVarError, envVar, scrubSecrets } from './env-var.js';

describe('envVar', () => {
  const env = { DBT_HOST: 'db.internal', DBT_ENV_SECRET_PASSWORD: 'hunter2', EMPTY: '' };

  it('returns the environment value as a string, else the default', () => {
    expect(envVar('DBT_HOST', 'localhost', { env })).toBe('db.internal');
    expect(envVar('EMPTY', 'x', { env })).toBe('');
    expect(envVar('MISSING', 'localhost', { env })).toBe('localhost');
    expect(envVar('MISSING', 5, { env })).toBe(5);
  });

  it('names the variable when it is missing and has no default', () => {
    expect(() => envVar('DBT_SCHEMA', undefined, { env })).toThrow(EnvVarError);
    expect(() => envVar('DBT_SCHEMA', undefined, { env })).toThrow('environment variable DBT_SCHEMA is required but not set');
  });

  it('allows secret variables only where credentials live', () => {
    expect(() => envVar('DBT_ENV_SECRET_PASSWORD', undefined, { env })).toThrow(/secret environment variable DBT_ENV_SECRET_PASSWORD/);
    expect(envVar('DBT_ENV_SECRET_PASSWORD', undefined, { env, allowSecrets: true })).toBe('hunter2');
  });

  it('masks secret values in text', () => {
    expect(scrubSecrets('could not connect with password hunter2', env)).toBe('could not connect with password *****');
  });
});

describe('envVarOnlyRenderer', () => {
  const render = envVarOnlyRenderer({ env: { PORT: '6543' } });
  const at = { file: 'profiles.yml', line: 3, column: 7 };

  it('renders env_var calls with and without defaults and filters', async () => {
    expect(await render("{{ env_var('PORT') | int }}", at)).toBe('6543');
    expect(await render(`host-{{ env_var("HOST", "localhost") }}`, at)).toBe('host-localhost');
  });

  it('refuses other Jinja', async () => {
    await expect(render('{{ target.name }}', at)).rejects.toThrow('only env_var() is understood');
  });

  it('reports a missing variable at the value', async () => {
    await expect(render("{{ env_var('NOPE') }}", at)).rejects.toMatchObject({ variable: 'NOPE', location: at });
  });
});
