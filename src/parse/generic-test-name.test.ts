import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../api/load-manifest.js';
import { CollectingReporter } from '../report/events.js';
import { genericTestUniqueId } from './generic-test-name.js';

describe("a generic test's unique_id", () => {
  it('is the id dbt gives the same test', () => {
    // dbt 1.10.5's id for `unique` on column id of model my_first_model in project two_tests_same_name
    // (quoted in dbt-labs/dbt-fusion#486).
    expect(genericTestUniqueId('two_tests_same_name', 'unique_my_first_model_id', { testName: 'unique', kwargs: { column_name: 'id' }, attachedRef: { kind: 'ref', name: 'my_first_model' } })).toBe(
      'test.two_tests_same_name.unique_my_first_model_id.4a4cd8b027',
    );
    // The others as dbt-core's create_test_node hashes them (md5 of the name and the repr of the
    // metadata, keys sorted, every value its str()), worked out with that code.
    const ref = { kind: 'ref' as const, name: 'orders' };
    expect(
      genericTestUniqueId('shop', 'accepted_values_orders_status__a__it_s__1__2_5__True__None', {
        testName: 'accepted_values',
        kwargs: { values: ['a', "it's", 1, 2.5, true, null], quote: false, column_name: 'status' },
        attachedRef: ref,
      }),
    ).toBe('test.shop.accepted_values_orders_status__a__it_s__1__2_5__True__None.f4f778901d');
    expect(genericTestUniqueId('shop', 'source_unique_raw_customers_id', { testName: 'unique', kwargs: { column_name: 'id' }, attachedRef: { kind: 'source', source: 'raw', table: 'customers' } })).toBe(
      'test.shop.source_unique_raw_customers_id.9027d6b367',
    );
    expect(genericTestUniqueId('shop', 'dbt_utils_expression_is_true_orders_amount_0', { testName: 'expression_is_true', namespace: 'dbt_utils', kwargs: { expression: 'amount >= 0' }, attachedRef: ref })).toBe(
      'test.shop.dbt_utils_expression_is_true_orders_amount_0.23e56bc9d2',
    );
  });

  it('does not change when the test moves to another line, and tells the same test twice apart', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'strata-test-ids-'));
    try {
      await writeFile(path.join(dir, 'project.yml'), 'name: shop\n');
      await mkdir(path.join(dir, 'models'));
      await writeFile(path.join(dir, 'models', 'orders.sql'), 'select 1 as id');
      const idsWith = async (tests: string) => {
        await writeFile(path.join(dir, 'models', 'schema.yml'), `models:\n  - name: orders\n    columns:\n      - name: id\n        data_tests:\n${tests}`);
        const { parsed } = await loadManifest({ projectDir: dir, reporter: new CollectingReporter() });
        return Object.keys(parsed.manifest.nodes).filter((id) => id.startsWith('test.')).sort();
      };
      const before = await idsWith('          - unique\n');
      const after = await idsWith('          - not_null:\n              config:\n                severity: warn\n          - unique\n');
      expect(after).toEqual(expect.arrayContaining(before));
      const twice = await idsWith("          - unique:\n              config: {where: 'id > 0'}\n          - unique:\n              config: {where: 'id < 9'}\n");
      expect(twice).toHaveLength(2);
      expect(twice[0]!.startsWith('test.shop.unique_orders_id.')).toBe(true);
      expect(twice[1]!.startsWith('test.shop.unique_orders_id.')).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
