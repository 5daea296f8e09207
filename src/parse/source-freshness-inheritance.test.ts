import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../api/load-manifest.js';
import { CollectingReporter } from '../report/events.js';
import type { SourceNode } from './manifest.js';
import { sourceTableFreshness, sourceTableLoadedAtField } from './parse-project.js';

const hour = (count: number) => ({ count, period: 'hour' });
const UNSET = { count: null, period: null };

describe('sourceTableFreshness', () => {
  it('layers project < source < source config: < table < table config:, threshold by threshold', () => {
    const merged = sourceTableFreshness(
      { warn_after: hour(10), error_after: hour(20) },
      { freshness: { warn_after: hour(1) }, config: { freshness: { filter: 'x > 0' } } },
      { freshness: { error_after: hour(3) }, config: { freshness: { warn_after: hour(2) } } },
    );
    expect(merged).toEqual({ warn_after: hour(2), error_after: hour(3), filter: 'x > 0' });
  });

  it("a table's freshness: null switches off what it inherits", () => {
    expect(sourceTableFreshness(undefined, { freshness: { warn_after: hour(1) }, config: {} }, { freshness: null, config: {} })).toBeNull();
  });

  it('a source switched off can be switched on again by one of its tables', () => {
    expect(sourceTableFreshness({ warn_after: hour(1) }, { freshness: null, config: {} }, { config: { freshness: { error_after: hour(5) } } })).toEqual({
      warn_after: UNSET,
      error_after: hour(5),
      filter: null,
    });
  });

  it('nothing set anywhere means the table is not checked', () => {
    expect(sourceTableFreshness(undefined, { config: {} }, { config: {} })).toBeNull();
  });
});

describe('sourceTableLoadedAtField', () => {
  it("takes the table's (config: first), then the source's (config: first), then the project file's", () => {
    expect(sourceTableLoadedAtField('p', { loaded_at_field: 's', config: { loaded_at_field: 'sc' } }, { loaded_at_field: 't', config: { loaded_at_field: 'tc' } })).toBe('tc');
    expect(sourceTableLoadedAtField('p', { loaded_at_field: 's', config: { loaded_at_field: 'sc' } }, { loaded_at_field: 't', config: {} })).toBe('t');
    expect(sourceTableLoadedAtField('p', { loaded_at_field: 's', config: { loaded_at_field: 'sc' } }, { config: {} })).toBe('sc');
    expect(sourceTableLoadedAtField('p', { loaded_at_field: 's', config: {} }, { config: {} })).toBe('s');
    expect(sourceTableLoadedAtField('p', { config: {} }, { config: {} })).toBe('p');
    expect(sourceTableLoadedAtField(undefined, { config: {} }, { config: {} })).toBeUndefined();
  });
});

/** The same rules as parse applies them to a project's property files, read back from the manifest's SourceNodes. */
describe('source nodes of a parsed project', () => {
  let dir: string;
  let sources: Map<string, SourceNode>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'strata-source-freshness-'));
    await writeFile(path.join(dir, 'project.yml'), 'name: shop\nprofile: shop\nsources:\n  shop:\n    +freshness:\n      warn_after: {count: 6, period: hour}\n');
    await mkdir(path.join(dir, 'models'));
    await writeFile(
      path.join(dir, 'models', 'sources.yml'),
      `version: 2
sources:
  - name: raw
    loaded_at_field: _loaded_at
    freshness:
      error_after: {count: 1, period: day}
      filter: "_loaded_at > now() - interval '30 days'"
    tables:
      - name: orders
      - name: payments
        freshness:
          error_after: {count: 2, period: day}
      - name: archive
        freshness: null
      - name: refunds
        loaded_at_field: refunded_at
  - name: erp
    config:
      loaded_at_field: synced_at
      freshness:
        warn_after: {count: 1, period: hour}
    tables:
      - name: invoices
      - name: ledger
        config:
          loaded_at_field: posted_at
`,
    );
    const loaded = await loadManifest({ projectDir: dir, reporter: new CollectingReporter() });
    sources = new Map(Object.values(loaded.parsed.manifest.sources).map((s) => [`${s.source_name}.${s.name}`, s]));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("a table inherits the source's criteria and filter over the project file's +freshness", () => {
    expect(sources.get('raw.orders')?.freshness).toEqual({
      warn_after: hour(6),
      error_after: { count: 1, period: 'day' },
      filter: "_loaded_at > now() - interval '30 days'",
    });
    expect(sources.get('raw.orders')?.loaded_at_field).toBe('_loaded_at');
  });

  it('a table setting only error_after keeps the inherited warn_after and filter', () => {
    expect(sources.get('raw.payments')?.freshness).toEqual({
      warn_after: hour(6),
      error_after: { count: 2, period: 'day' },
      filter: "_loaded_at > now() - interval '30 days'",
    });
  });

  it('a table with freshness: null has none', () => {
    expect(sources.get('raw.archive')?.freshness).toBeUndefined();
  });

  it("a table's loaded_at_field overrides the source's", () => {
    expect(sources.get('raw.refunds')?.loaded_at_field).toBe('refunded_at');
  });

  it('loaded_at_field and freshness under a source config: reach its tables, and a table config: overrides', () => {
    expect(sources.get('erp.invoices')).toMatchObject({ loaded_at_field: 'synced_at', freshness: { warn_after: hour(1) } });
    expect(sources.get('erp.ledger')?.loaded_at_field).toBe('posted_at');
  });
});
