import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../api/load-manifest.js';
import { CollectingReporter } from '../report/events.js';
import type { FreshnessCheck } from './check-freshness.js';
import { freshnessQuery } from './freshness-query.js';
import { freshnessCheckFor } from './source-freshness-config.js';

/** What a property file and project file declare, as the command reads it from the manifest (no database needed). */
describe('freshnessCheckFor', () => {
  let dir: string;
  let checks: Map<string, FreshnessCheck | undefined>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'strata-freshness-config-'));
    await writeFile(
      path.join(dir, 'project.yml'),
      `name: shop
profile: shop
sources:
  shop:
    +freshness:
      warn_after: {count: 5, period: day}
`,
    );
    await mkdir(path.join(dir, 'models'));
    await writeFile(
      path.join(dir, 'models', 'sources.yml'),
      `version: 2
sources:
  - name: raw
    loaded_at_field: _loaded_at
    freshness:
      warn_after: {count: 1, period: hour}
      error_after: {count: 1, period: day}
      filter: "_loaded_at > now() - interval '30 days'"
    tables:
      - name: orders
      - name: payments
        loaded_at_field: paid_at
      - name: refunds
        config:
          freshness:
            warn_after: {count: 3, period: minute}
  - name: crm
    tables:
      - name: accounts
        loaded_at_field: updated_at
  - name: erp
    config:
      loaded_at_field: synced_at
      freshness:
        error_after: {count: 7, period: hour}
    tables:
      - name: invoices
`,
    );
    const loaded = await loadManifest({ projectDir: dir, reporter: new CollectingReporter() });
    const manifest = loaded.parsed.manifest;
    checks = new Map(Object.values(manifest.sources).map((s) => [s.unique_id, freshnessCheckFor(s, loaded.open.project)]));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("a table inherits its source's loaded_at_field, criteria and filter, and the source's criteria beat the project default", () => {
    expect(checks.get('source.shop.raw.orders')).toEqual({
      unique_id: 'source.shop.raw.orders',
      display: 'raw.orders',
      relation_name: '"postgres"."raw"."orders"',
      loaded_at_field: '_loaded_at',
      criteria: { warn_after: { count: 1, period: 'hour' }, error_after: { count: 1, period: 'day' }, filter: "_loaded_at > now() - interval '30 days'" },
    });
  });

  it("a table's own loaded_at_field wins", () => {
    expect(checks.get('source.shop.raw.payments')?.loaded_at_field).toBe('paid_at');
  });

  it("a table's config: freshness overrides what it inherits, threshold by threshold", () => {
    expect(checks.get('source.shop.raw.refunds')?.criteria).toMatchObject({ warn_after: { count: 3, period: 'minute' }, error_after: { count: 1, period: 'day' } });
  });

  it("a source with no criteria of its own gets the project file's +freshness", () => {
    expect(checks.get('source.shop.crm.accounts')?.criteria).toMatchObject({ warn_after: { count: 5, period: 'day' }, error_after: { count: null, period: null } });
  });

  it('criteria and loaded_at_field under a source config: apply to its tables (the dbt 1.10 spelling)', () => {
    expect(checks.get('source.shop.erp.invoices')).toMatchObject({ loaded_at_field: 'synced_at', criteria: { error_after: { count: 7, period: 'hour' } } });
  });
});

describe('freshnessQuery', () => {
  it("is dbt's collect_freshness for postgres, with the filter as a where clause", () => {
    expect(freshnessQuery('"db"."raw"."orders"', '_loaded_at', null)).toBe('select\n  max(_loaded_at) as max_loaded_at,\n  now() as snapshotted_at\nfrom "db"."raw"."orders"');
    expect(freshnessQuery('"db"."raw"."orders"', '_loaded_at', "status = 'done'")).toMatch(/from "db"\."raw"\."orders"\nwhere status = 'done'$/);
  });
});
