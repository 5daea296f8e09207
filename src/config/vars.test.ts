import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/strata-error.js';
import type { ProjectConfig } from './project-config.js';
import { parseCliVars, varsForPackage } from './vars.js';

const project = (name: string, vars: Record<string, unknown>) => ({ name, vars }) as unknown as ProjectConfig;

describe('parseCliVars', () => {
  it('reads YAML and JSON mappings', () => {
    expect(parseCliVars('{key: value, date: 20180101}')).toEqual({ key: 'value', date: 20180101 });
    expect(parseCliVars('{"key": "value"}')).toEqual({ key: 'value' });
    expect(parseCliVars('key: value')).toEqual({ key: 'value' });
    expect(parseCliVars('')).toEqual({});
    expect(parseCliVars(undefined)).toEqual({});
  });

  it('names --vars when the YAML is bad', () => {
    expect(() => parseCliVars('{key: value')).toThrow(ConfigError);
    try {
      parseCliVars('{key: value');
    } catch (error) {
      expect((error as ConfigError).message).toMatch(/^--vars is not valid YAML/);
      expect((error as ConfigError).location?.file).toBe('--vars');
    }
    expect(() => parseCliVars('[1, 2]')).toThrow('--vars must be a YAML mapping');
  });
});

describe('varsForPackage', () => {
  const root = project('shop', { start: '2020', region: 'eu', shop: { region: 'us' }, snowplow: { app_ids: ['web'] } });
  const snowplow = project('snowplow', { start: '1999', app_ids: ['default'], timezone: 'UTC' });

  it('scopes root vars by package: package-scoped beats global', () => {
    expect(varsForPackage({ rootProject: root, packageName: 'shop' })).toMatchObject({ start: '2020', region: 'us' });
  });

  it('lets the root project override a package, and --vars override everything', () => {
    const vars = varsForPackage({ rootProject: root, packageName: 'snowplow', packageProject: snowplow, cliVars: { start: 'cli' } });
    expect(vars).toMatchObject({ start: 'cli', app_ids: ['web'], timezone: 'UTC', region: 'eu' });
  });
});
