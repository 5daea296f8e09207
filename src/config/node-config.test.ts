import { describe, expect, it } from 'vitest';
import { ConfigError, StrataErrors } from '../errors/strata-error.js';
import { parseProjectFile } from './load-project.js';
import { resolveNodeConfig } from './node-config.js';
import type { ProjectConfig } from './project-config.js';
import type { GraphNode } from '../parse/manifest.js';
import { noRender } from './renderer.js';
import { parseYaml } from './yaml-file.js';

async function project(text: string, name = 'shop'): Promise<ProjectConfig> {
  const yamlFile = parseYaml(text, `${name}/project.yml`);
  return (await parseProjectFile(yamlFile, { projectRoot: `/p/${name}`, projectFile: `/p/${name}/project.yml`, render: noRender })).value;
}

const SHOP = `
name: shop
models:
  +materialized: view
  +tags: everywhere
  +grants:
    select: [reporter]
  shop:
    +meta: {owner: data, tier: 2}
    staging:
      +materialized: table
      +tags: [staging]
      +pre-hook: "set search_path = staging"
      +persist_docs: {relation: true}
      stg_orders:
        +unique_key: id
    marts:
      enabled: false
  snowplow:
    +schema: snowplow_from_root
seeds:
  +quote_columns: false
data_tests:
  +severity: warn
`;

describe('resolveNodeConfig', () => {
  it('applies dbt defaults', async () => {
    const root = await project('name: shop');
    const config = resolveNodeConfig({ resourceType: 'model', fqn: ['shop', 'orders'], packageName: 'shop', rootProject: root });
    expect(config).toMatchObject({ enabled: true, materialized: 'view', tags: [], meta: {}, pre_hook: [], post_hook: [], on_schema_change: 'ignore', access: 'protected' });
    const test = resolveNodeConfig({ resourceType: 'test', fqn: ['shop', 'not_null_x'], packageName: 'shop', rootProject: root });
    expect(test).toMatchObject({ materialized: 'test', severity: 'error', schema: 'dbt_test__audit', warn_if: '!= 0' });
    const seed = resolveNodeConfig({ resourceType: 'seed', fqn: ['shop', 'countries'], packageName: 'shop', rootProject: root });
    expect(seed).toMatchObject({ materialized: 'seed', delimiter: ',' });
  });

  it('lets a more specific folder override, and accumulates tags and hooks', async () => {
    const root = await project(SHOP);
    const config = resolveNodeConfig({
      resourceType: 'model',
      fqn: ['shop', 'staging', 'stg_orders'],
      packageName: 'shop',
      rootProject: root,
      propertyConfig: { tags: ['from_yaml'], 'post-hook': { sql: 'analyze {{ this }}', transaction: false }, meta: { tier: 1 } },
      inFileConfig: { materialized: 'incremental', tags: 'from_sql', pre_hook: ['select 1'] },
    });
    expect(config.materialized).toBe('incremental');
    expect(config.tags).toEqual(['everywhere', 'staging', 'from_yaml', 'from_sql']);
    expect(config.meta).toEqual({ owner: 'data', tier: 1 });
    expect(config.unique_key).toBe('id');
    expect(config.persist_docs).toEqual({ relation: true });
    expect(config.pre_hook).toEqual(['set search_path = staging', 'select 1']);
    expect(config.post_hook).toEqual(['analyze {{ this }}']);
    expect(config.hooks.post_hook).toEqual([{ sql: 'analyze {{ this }}', transaction: false }]);
    expect(config.grants).toEqual({ select: ['reporter'] });
  });

  it('reads plain (non-mapping) keys as configs and disables a folder', async () => {
    const root = await project(SHOP);
    const config = resolveNodeConfig({ resourceType: 'model', fqn: ['shop', 'marts', 'revenue'], packageName: 'shop', rootProject: root });
    expect(config.enabled).toBe(false);
    expect(config.materialized).toBe('view');
  });

  it('replaces grants per privilege unless written +privilege', async () => {
    const root = await project(SHOP);
    const replaced = resolveNodeConfig({ resourceType: 'model', fqn: ['shop', 'a'], packageName: 'shop', rootProject: root, inFileConfig: { grants: { select: 'analyst' } } });
    expect(replaced.grants).toEqual({ select: ['analyst'] });
    const added = resolveNodeConfig({ resourceType: 'model', fqn: ['shop', 'a'], packageName: 'shop', rootProject: root, inFileConfig: { grants: { '+select': ['analyst'], insert: 'loader' } } });
    expect(added.grants).toEqual({ select: ['reporter', 'analyst'], insert: ['loader'] });
  });

  it('puts the root project over an installed package, even over its config() call', async () => {
    const root = await project(SHOP);
    const snowplow = await project('name: snowplow\nmodels:\n  snowplow:\n    +schema: snowplow_own\n    +materialized: table\n', 'snowplow');
    const config = resolveNodeConfig({
      resourceType: 'model',
      fqn: ['snowplow', 'sessions'],
      packageName: 'snowplow',
      rootProject: root,
      packageProject: snowplow,
      inFileConfig: { schema: 'from_sql' },
    });
    expect(config.schema).toBe('snowplow_from_root');
    expect(config.materialized).toBe('view');
  });

  it('configures tests from data_tests and seeds from seeds', async () => {
    const root = await project(SHOP);
    expect(resolveNodeConfig({ resourceType: 'test', fqn: ['shop', 't'], packageName: 'shop', rootProject: root }).severity).toBe('warn');
    expect(resolveNodeConfig({ resourceType: 'seed', fqn: ['shop', 's'], packageName: 'shop', rootProject: root }).quote_columns).toBe(false);
  });

  it('reports bad in-file config values at the file', async () => {
    const root = await project('name: shop');
    const location = { file: 'models/orders.sql', line: 1, column: 3 };
    try {
      resolveNodeConfig({
        resourceType: 'model',
        fqn: ['shop', 'orders'],
        packageName: 'shop',
        rootProject: root,
        inFileConfig: { enabled: 'yes please', on_schema_change: 'explode', indexes: [{ columns: 'id' }] },
        inFileLocation: location,
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(StrataErrors);
      const errors = (error as StrataErrors).errors;
      expect(errors.map((e) => e.message)).toEqual([
        'config(): enabled: expected true or false, got the string "yes please"',
        'config(): on_schema_change: expected one of "ignore", "fail", "append_new_columns", "sync_all_columns", got the string "explode"',
        'config(): indexes.0.columns: expected a list, got the string "id"',
      ]);
      expect(errors.every((e) => e instanceof ConfigError && e.location === location)).toBe(true);
    }
  });
});

describe('nodes that configure nothing of their own', () => {
  it('share their folder configuration, and a template changing what config.get returns changes its own only', async () => {
    const { mkdtemp, mkdir, rm, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { loadManifest } = await import('../api/load-manifest.js');
    const { CollectingReporter } = await import('../report/events.js');
    const dir = await mkdtemp(path.join(tmpdir(), 'strata-shared-config-'));
    try {
      await writeFile(path.join(dir, 'project.yml'), 'name: shop\nprofile: shop\nmodels:\n  +meta: {owner: data}\n  +tags: [nightly]\n');
      await mkdir(path.join(dir, 'models'));
      await writeFile(
        path.join(dir, 'models', 'a.sql'),
        "{% do config.get('meta').update({'owner': 'me'}) %}{% do config.get('tags').append('x') %}select '{{ config.get('meta')['owner'] }}' as owner",
      );
      await writeFile(path.join(dir, 'models', 'b.sql'), "select '{{ config.get('materialized') }}' as materialized");
      await writeFile(path.join(dir, 'models', 'c.sql'), "select '{{ config.get('meta')['owner'] }}' as owner");
      const { parsed } = await loadManifest({ projectDir: dir, reporter: new CollectingReporter() });
      const [a, b, c] = ['a', 'b', 'c'].map((name) => parsed.manifest.nodes[`model.shop.${name}`]!) as [GraphNode, GraphNode, GraphNode];
      expect(a.compiled_code).toBe("select 'me' as owner");
      expect(a.config.meta).toEqual({ owner: 'me' });
      expect(a.config.tags).toEqual(['nightly', 'x']);
      expect(c.compiled_code).toBe("select 'data' as owner");
      expect(c.config.meta).toEqual({ owner: 'data' });
      expect(c.config.tags).toEqual(['nightly']);
      expect(b.compiled_code).toBe("select 'view' as materialized");
      expect(b.config).toEqual(c.config);
      expect(Object.isFrozen(b.config)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
