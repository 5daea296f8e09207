import { describe, expect, it } from 'vitest';
import { formatInputCall, parseInputCall } from './input-call.js';

describe('unit test inputs', () => {
  it('reads ref, source and this as dbt allows them', () => {
    expect(parseInputCall("ref('stg_players')")).toEqual({ kind: 'ref', name: 'stg_players' });
    expect(parseInputCall('ref("pkg", "stg_players")')).toEqual({ kind: 'ref', package: 'pkg', name: 'stg_players' });
    expect(parseInputCall("ref('dim_players', v=2)")).toEqual({ kind: 'ref', name: 'dim_players', version: 2 });
    expect(parseInputCall("ref('dim_players', version='2')")).toEqual({ kind: 'ref', name: 'dim_players', version: '2' });
    expect(parseInputCall("source('raw', 'players')")).toEqual({ kind: 'source', source: 'raw', table: 'players' });
    expect(parseInputCall("{{ source('raw', 'players') }}")).toEqual({ kind: 'source', source: 'raw', table: 'players' });
    expect(parseInputCall('this')).toEqual({ kind: 'this' });
  });

  it('refuses anything else', () => {
    expect(parseInputCall('stg_players')).toBeUndefined();
    expect(parseInputCall("ref(model_name)")).toBeUndefined();
    expect(parseInputCall("source('raw')")).toBeUndefined();
    expect(parseInputCall("ref('a', 'b', 'c')")).toBeUndefined();
  });

  it('prints a call the way users write it', () => {
    expect(formatInputCall({ kind: 'ref', name: 'x', version: 2 })).toBe("ref('x', v=2)");
    expect(formatInputCall({ kind: 'source', source: 'raw', table: 't' })).toBe("source('raw', 't')");
  });
});
