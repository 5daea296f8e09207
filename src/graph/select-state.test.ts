import { describe, expect, it } from 'vitest';
import type { Manifest } from '../parse/manifest.js';
import { selectNodes } from './select-nodes.js';
import type { PreviousManifest } from './state/previous-state.js';
import { ManifestBuilder, type NodeOptions } from './testing/manifest-builder.js';

/** A project whose models can be varied one option at a time. */
function project(vary: Record<string, NodeOptions> = {}, macros: Record<string, string> = {}): Manifest {
  const b = new ManifestBuilder('p')
    .source('raw', 'events', vary['source'] ?? {})
    .macro('cents', macros['cents'] ?? '{{ x }} * 100', ['rounding'])
    .macro('rounding', macros['rounding'] ?? 'round({{ x }})')
    .model('a', { deps: ['source:raw.events'], ...vary['a'] })
    .model('b', { deps: ['a'], macros: ['cents'], ...vary['b'] })
    .model('c', { deps: ['b'], ...vary['c'] });
  if (vary['d']) b.model('d', vary['d']);
  return b.build();
}

function stateSelect(current: Manifest, previous: PreviousManifest, ...select: string[]): string[] {
  return [...selectNodes(current, { select, state: { manifest: previous }, indirectSelection: 'empty' }).selected].sort();
}

describe('state: selection', () => {
  const previous = project();

  it('state:new selects nodes absent from the previous manifest; state:old the others', () => {
    const current = project({ d: {} });
    expect(stateSelect(current, previous, 'state:new')).toEqual(['model.p.d']);
    expect(stateSelect(current, previous, 'state:old')).toEqual(['model.p.a', 'model.p.b', 'model.p.c', 'source.p.raw.events']);
  });

  it('state:modified includes new nodes and changed bodies, and works with graph operators', () => {
    const current = project({ a: { checksum: 'changed' }, d: {} });
    expect(stateSelect(current, previous, 'state:modified')).toEqual(['model.p.a', 'model.p.d']);
    expect(stateSelect(current, previous, 'state:modified.body')).toEqual(['model.p.a', 'model.p.d']);
    expect(stateSelect(current, previous, 'state:modified+')).toEqual(['model.p.a', 'model.p.b', 'model.p.c', 'model.p.d']);
    expect(stateSelect(current, previous, 'state:unmodified')).toEqual(['model.p.b', 'model.p.c', 'source.p.raw.events']);
  });

  it('state:modified.configs sees config changes but not schema/alias/database', () => {
    const materialized = project({ b: { config: { materialized: 'table' } } });
    expect(stateSelect(materialized, previous, 'state:modified.configs')).toEqual(['model.p.b']);
    expect(stateSelect(materialized, previous, 'state:modified.relation')).toEqual([]);
    const schema = project({ c: { config: { schema: 'marts' } } });
    expect(stateSelect(schema, previous, 'state:modified.configs')).toEqual([]);
    expect(stateSelect(schema, previous, 'state:modified.relation')).toEqual(['model.p.c']);
    expect(stateSelect(schema, previous, 'state:modified')).toEqual(['model.p.c']);
  });

  it('state:modified.relation ignores relation names that differ only by target', () => {
    const otherTarget = project({ a: { extra: { schema: 'ci_123', relation_name: '"db"."ci_123"."a"' } } });
    expect(stateSelect(otherTarget, previous, 'state:modified.relation')).toEqual([]);
    expect(stateSelect(otherTarget, previous, 'state:modified')).toEqual([]);
  });

  it('state:modified.macros follows macros called directly and through other macros', () => {
    expect(stateSelect(project({}, { cents: '{{ x }} * 1000' }), previous, 'state:modified.macros')).toEqual(['model.p.b']);
    const deep = project({}, { rounding: 'trunc({{ x }})' });
    expect(stateSelect(deep, previous, 'state:modified.macros')).toEqual(['model.p.b']);
    expect(stateSelect(deep, previous, 'state:modified')).toEqual(['model.p.b']);
    expect(stateSelect(deep, previous, 'state:modified.body')).toEqual([]);
    expect(stateSelect(deep, previous, 'state:unmodified')).toEqual(['model.p.a', 'model.p.c', 'source.p.raw.events']);
  });

  it('state:modified.persisted_descriptions only counts descriptions that are persisted', () => {
    const notPersisted = project({ a: { description: 'new words' } });
    expect(stateSelect(notPersisted, previous, 'state:modified.persisted_descriptions')).toEqual([]);
    const before = project({ a: { config: { persist_docs: { relation: true } } } });
    const after = project({ a: { description: 'new words', config: { persist_docs: { relation: true } } } });
    expect(stateSelect(after, before, 'state:modified.persisted_descriptions')).toEqual(['model.p.a']);
  });

  it('state:modified.contract compares enforced contract columns', () => {
    const contract = { contract: { enforced: true } };
    const before = project({ a: { config: contract, extra: { columns: { id: { name: 'id', data_type: 'int' } } } } });
    const after = project({ a: { config: contract, extra: { columns: { id: { name: 'id', data_type: 'bigint' } } } } });
    expect(stateSelect(after, before, 'state:modified.contract')).toEqual(['model.p.a']);
    expect(stateSelect(before, before, 'state:modified.contract')).toEqual([]);
  });

  it('sees source changes (freshness, relation)', () => {
    const fresher = project({ source: { extra: { freshness: { warn_after: { count: 1, period: 'hour' } } } } });
    expect(stateSelect(fresher, previous, 'state:modified')).toEqual(['source.p.raw.events']);
    const moved = project({ source: { schema: 'landing' } });
    expect(stateSelect(moved, previous, 'state:modified.relation')).toEqual(['source.p.raw.events']);
  });

  it('compares with a manifest read back from JSON (nulls for absent values)', () => {
    const fromDisk = JSON.parse(JSON.stringify(previous, (_k, v: unknown) => (v === undefined ? null : v))) as PreviousManifest;
    expect(stateSelect(project(), fromDisk, 'state:modified')).toEqual([]);
  });

  it('rejects an unknown state value', () => {
    expect(() => stateSelect(previous, previous, 'state:changed')).toThrow("'state:changed': invalid state selector 'changed'");
  });
});

describe('result: selection', () => {
  const manifest = project();
  const runResults = {
    results: [
      { unique_id: 'model.p.a', status: 'success' },
      { unique_id: 'model.p.b', status: 'error' },
      { unique_id: 'model.p.gone', status: 'error' },
    ],
  };
  const select = (...s: string[]) => [...selectNodes(manifest, { select: s, state: { runResults }, indirectSelection: 'empty' }).selected].sort();

  it('selects nodes by their status in the previous run, ignoring nodes no longer in the project', () => {
    expect(select('result:error')).toEqual(['model.p.b']);
    expect(select('result:error+')).toEqual(['model.p.b', 'model.p.c']);
    expect(select('result:success')).toEqual(['model.p.a']);
    expect(select('result:fail')).toEqual([]);
  });
});
