import { describe, expect, it } from 'vitest';
import { fnmatch, hasWildcard, pathGlobMatch } from './glob.js';

describe('fnmatch (dbt’s wildcards in selector values)', () => {
  it('matches *, ? and character classes, across dots and slashes', () => {
    expect(fnmatch('staging.stg_players', 'staging.*')).toBe(true);
    expect(fnmatch('a/b/c', 'a*c')).toBe(true);
    expect(fnmatch('nightly', 'night?y')).toBe(true);
    expect(fnmatch('v2', 'v[0-9]')).toBe(true);
    expect(fnmatch('vx', 'v[!0-9]')).toBe(true);
    expect(fnmatch('v1', 'v[!0-9]')).toBe(false);
    expect(fnmatch('a.b', 'a?b')).toBe(true);
    expect(fnmatch('a+b(c)', 'a+b(c)')).toBe(true);
    expect(fnmatch('a[', 'a[')).toBe(true);
  });

  it('knows which values have wildcards', () => {
    expect(hasWildcard('stg_*')).toBe(true);
    expect(hasWildcard('stg_players')).toBe(false);
  });
});

describe('pathGlobMatch (path: selectors)', () => {
  it('keeps * and ? within one folder and lets ** span folders', () => {
    expect(pathGlobMatch('models/staging/a.sql', 'models/*/a.sql')).toBe(true);
    expect(pathGlobMatch('models/staging/x/a.sql', 'models/*/a.sql')).toBe(false);
    expect(pathGlobMatch('models/staging/x/a.sql', 'models/**/a.sql')).toBe(true);
    expect(pathGlobMatch('models/a.sql', 'models/**/a.sql')).toBe(true);
    expect(pathGlobMatch('models/staging/x/a.sql', 'models/**')).toBe(true);
  });
});
