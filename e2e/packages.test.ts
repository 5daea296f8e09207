import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, projectFrom, removeDir, runCli } from './cli-harness.js';
import { databaseKinds, prepareDatabase } from './database-under-test.js';

/** Each PGlite project starts a new data directory (initdb in WASM), seconds each on a busy machine. */
const TIMEOUT_MS = 300_000;

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

/**
 * e2e/fixtures/with_packages: the project `shop` (project/) uses `local_pkg` (a sibling folder, listed
 * as `- local: ../local_pkg`) and `vendored_pkg` (a hub package vendored under dbt_packages/).
 */
async function fixtureProject(): Promise<string> {
  const dir = await copyFixture('with_packages');
  cleanups.push(() => removeDir(dir));
  return path.join(dir, 'project');
}

describe('strata compile of a project with packages', () => {
  let project: string;
  let compiledModel: string;

  beforeAll(async () => {
    project = await fixtureProject();
    const result = await runCli(['compile'], project);
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    compiledModel = await readFile(path.join(project, 'target/compiled/shop/models/customer_orders.sql'), 'utf8');
  }, TIMEOUT_MS);

  it("calls a package's macros through its namespace", () => {
    expect(compiledModel).toContain('(o.amount_cents / 100.0)::numeric(16, 2) as amount');
  });

  it("resolves ref('package', 'model') and a plain ref to a package's model", () => {
    expect(compiledModel).toContain('from "postgres"."public"."pkg_customers" as c');
    expect(compiledModel).toContain('join "postgres"."public"."vendored_orders" as o');
  });

  it("dispatch follows the project's dispatch: search order (a shim package before the namespace, the root left out)", () => {
    expect(compiledModel).toContain(`'shim:' || 'order' as order_label`);
  });

  it('dispatch without a search order tries the root project before the package', () => {
    expect(compiledModel).toContain(`upper('done') || '!' as status`);
  });

  it("a package's macro overrides a built-in one that dispatches in the dbt namespace", async () => {
    const notNull = await readFile(path.join(project, 'target/compiled/local_pkg/models/not_null_pkg_customers_customer_id.sql'), 'utf8');
    expect(notNull).toContain('-- not_null as vendored_pkg writes it');
  });

  it("package nodes see the root project's vars scoped to their package, and only theirs", async () => {
    const customers = await readFile(path.join(project, 'target/compiled/local_pkg/models/pkg_customers.sql'), 'utf8');
    const orders = await readFile(path.join(project, 'target/compiled/vendored_pkg/models/vendored_orders.sql'), 'utf8');
    expect(customers).toContain(`'hi' as greeting`);
    expect(orders).toContain(`'none' as greeting`);
  });

  it("applies a source's overrides: to the package's source, and its tests to the package's table", async () => {
    const manifest = JSON.parse(await readFile(path.join(project, 'target/manifest.json'), 'utf8'));
    expect(Object.keys(manifest.sources)).toEqual(['source.local_pkg.pkg_raw.raw_customers']);
    const source = manifest.sources['source.local_pkg.pkg_raw.raw_customers'];
    expect(source).toMatchObject({ schema: 'public', identifier: 'pkg_raw_customers', description: 'The package\'s seed, loaded by this project.' });
    const count = await readFile(path.join(project, 'target/compiled/local_pkg/models/pkg_customer_count.sql'), 'utf8');
    expect(count).toContain('from "postgres"."public"."pkg_raw_customers"');
    const test = Object.values(manifest.nodes).find((n) => (n as { name: string }).name === 'source_not_null_pkg_raw_raw_customers_customer_id') as { attached_node: string; depends_on: { nodes: string[] } };
    expect(test.attached_node).toBe('source.local_pkg.pkg_raw.raw_customers');
    expect(test.depends_on.nodes).toEqual(['source.local_pkg.pkg_raw.raw_customers']);
  });

  it("a package's unit tests join the project's, under the package's name", async () => {
    const manifest = JSON.parse(await readFile(path.join(project, 'target/manifest.json'), 'utf8'));
    expect(Object.keys(manifest.unit_tests)).toEqual(['unit_test.local_pkg.pkg_customers.greets_every_customer']);
    expect(manifest.unit_tests['unit_test.local_pkg.pkg_customers.greets_every_customer'].depends_on.nodes).toEqual(['model.local_pkg.pkg_customers']);
  });

  it("lists package nodes under their package name, selectable by package:", async () => {
    const all = await runCli(['ls', '--output', 'json'], project);
    expect(all.code).toBe(0);
    const nodes = all.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { unique_id: string; config?: { materialized?: string } });
    const byId = new Map(nodes.map((n) => [n.unique_id, n]));
    expect([...byId.keys()].sort()).toEqual([
      'model.local_pkg.pkg_customer_count',
      'model.local_pkg.pkg_customers',
      'model.shop.customer_orders',
      'model.vendored_pkg.vendored_orders',
      'seed.local_pkg.pkg_raw_customers',
      'source.local_pkg.pkg_raw.raw_customers',
      expect.stringMatching(/^test\.local_pkg\.not_null_pkg_customers_customer_id/),
      expect.stringMatching(/^test\.local_pkg\.unique_pkg_customers_customer_id/),
      expect.stringMatching(/^test\.shop\.source_not_null_pkg_raw_raw_customers_customer_id/),
      'unit_test.local_pkg.pkg_customers.greets_every_customer',
    ]);
    // The root project's `models: local_pkg: +materialized: table` beats the package's own `+materialized: view`.
    expect(byId.get('model.local_pkg.pkg_customers')?.config?.materialized).toBe('table');

    const selected = await runCli(['ls', '--select', 'package:vendored_pkg'], project);
    expect(selected.stdout.trim().split('\n').filter((l) => !l.startsWith('warning'))).toEqual(['vendored_pkg.vendored_orders']);
  });
});

describe('a local package with local packages of its own', () => {
  it("brings them in as dbt deps does: the nested package's macros and models join, a nested hub package must be vendored", async () => {
    const dir = await projectFrom({
      'project/project.yml': 'name: shop\nprofile: shop\n',
      'project/packages.yml': 'packages:\n  - local: ../pkg_a\n',
      'project/models/orders.sql': "select * from {{ ref('pkg_a', 'a_orders') }}\n",
      'pkg_a/dbt_project.yml': 'name: pkg_a\nversion: 1.0.0\n',
      'pkg_a/packages.yml': 'packages:\n  - local: ../pkg_b\n',
      'pkg_a/models/a_orders.sql': "select {{ pkg_b.shout('order') }} as label from {{ ref('pkg_b', 'b_numbers') }}\n",
      'pkg_b/dbt_project.yml': 'name: pkg_b\nversion: 1.0.0\n',
      'pkg_b/macros/shout.sql': "{% macro shout(word) %}upper('{{ word }}') || '!'{% endmacro %}\n",
      'pkg_b/models/b_numbers.sql': 'select 1 as n\n',
    });
    cleanups.push(() => removeDir(dir));
    const project = path.join(dir, 'project');
    const compiled = await runCli(['compile'], project);
    expect(compiled.stdout + compiled.stderr).not.toMatch(/error/i);
    expect(compiled.code).toBe(0);
    const aOrders = await readFile(path.join(project, 'target/compiled/pkg_a/models/a_orders.sql'), 'utf8');
    expect(aOrders).toBe(`select upper('order') || '!' as label from "postgres"."public"."b_numbers"`);

    await writeFile(path.join(dir, 'pkg_a', 'packages.yml'), 'packages:\n  - local: ../pkg_b\n  - package: dbt-labs/dbt_utils\n    version: 1.3.0\n');
    const missing = await runCli(['compile'], project);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('package "dbt-labs/dbt_utils" is not installed');
    expect(missing.stderr).toMatch(/pkg_a\/packages\.yml:3/);
  });
});

describe('a package that packages.yml lists but nobody vendored', () => {
  it('is refused with packages.yml, its line, and how to vendor it', async () => {
    const dir = await projectFrom({
      'project.yml': 'name: shop\nprofile: shop\n',
      'packages.yml': 'packages:\n  - package: dbt-labs/dbt_utils\n    version: 1.3.0\n',
      'models/a.sql': 'select 1 as id\n',
    });
    cleanups.push(() => removeDir(dir));
    const result = await runCli(['compile'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('packages.yml:2');
    expect(result.stderr).toContain('package "dbt-labs/dbt_utils" is not installed');
    expect(result.stderr).toContain('dbt_packages/dbt_utils/');
    expect(result.stderr).not.toMatch(/^\s+at /m); // a user mistake: no stack trace
  });
});

describe("a source's overrides: that matches nothing in the package", () => {
  it('is refused at the override, naming what the package does declare', async () => {
    const project = await fixtureProject();
    const overrides = path.join(project, 'models', 'overrides.yml');
    await writeFile(overrides, (await readFile(overrides, 'utf8')).replace('- name: pkg_raw', '- name: pkg_rows'));
    const result = await runCli(['compile'], project);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("source 'pkg_rows' overrides a source package 'local_pkg' does not declare");
    expect(result.stderr).toContain('models/overrides.yml:5');
    expect(result.stderr).toContain('declares: pkg_raw');
  });
});

describe('an error in a package file', () => {
  it('names the file from the root project, so the package is plain', async () => {
    const project = await fixtureProject();
    await writeFile(path.join(project, '..', 'local_pkg', 'models', 'broken.sql'), "select * from {{ ref('no_such_model') }}\n");
    await writeFile(path.join(project, 'dbt_packages', 'vendored_pkg', 'macros', 'broken.sql'), '{% macro broken( %}{% endmacro %}\n');
    const result = await runCli(['compile'], project);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('dbt_packages/vendored_pkg/macros/broken.sql:1:');
    // A macro file that does not compile stops parsing before models render; fix it to see the model's error.
    await writeFile(path.join(project, 'dbt_packages', 'vendored_pkg', 'macros', 'broken.sql'), '');
    const afterMacroFixed = await runCli(['compile'], project);
    expect(afterMacroFixed.code).toBe(2);
    expect(afterMacroFixed.stderr).toContain("../local_pkg/models/broken.sql:1:18: ref('no_such_model') names no model, seed or snapshot");
  }, TIMEOUT_MS);
});

describe.each(databaseKinds)('strata build of a project with packages on %s', (kind) => {
  it("builds the packages' seeds, models and tests with the project's", async () => {
    const project = await fixtureProject();
    const db = await prepareDatabase(kind, project, 'shop');
    cleanups.unshift(() => db.cleanup());

    // The package's source is the package's seed: loaded first, as a loader would have (a source
    // has no parents, so its tests may run before the seed in the build).
    expect((await runCli(['seed'], project)).code).toBe(0);
    const built = await runCli(['build'], project);
    expect(built.stdout + built.stderr).not.toMatch(/error/i);
    expect(built.code).toBe(0);
    expect(built.stdout).toMatch(/OK seed .*pkg_raw_customers/);
    expect(built.stdout).toMatch(/OK table .*pkg_customers/);
    expect(built.stdout).toMatch(/PASS test unique_pkg_customers_customer_id/);

    const rows = await db.query(`select customer_name, amount::text, order_label, status from "${db.schema}".customer_orders order by customer_orders.amount`);
    expect(rows).toEqual([
      { customer_name: 'Grace', amount: '1.99', order_label: 'shim:order', status: 'DONE!' },
      { customer_name: 'Grace', amount: '3.00', order_label: 'shim:order', status: 'DONE!' },
      { customer_name: 'Ada', amount: '12.50', order_label: 'shim:order', status: 'DONE!' },
    ]);
    const [kindOf] = await db.query(
      `select c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = '${db.schema}' and c.relname = 'pkg_customers'`,
    );
    expect(kindOf).toEqual({ relkind: 'r' }); // a table, as the root project configures it

    // The package's unit test ran, with the package's vars.
    expect(built.stdout).toMatch(/PASS unit_test .*pkg_customers::greets_every_customer/);

    // The package's model read its source where the project's overrides: put it.
    expect(built.stdout).toMatch(/PASS test source_not_null_pkg_raw_raw_customers_customer_id/);
    expect(await db.query(`select customers from "${db.schema}".pkg_customer_count`)).toEqual([{ customers: 2 }]);

    // Every package's on-run-end hooks ran, packages in name order, the project's last, each with
    // its own vars: once after the seed command, once after the build.
    const hooks = await db.query(`select project, greeting, results > 0 as saw_results from "${db.schema}".run_end_hooks order by seq`);
    const oneRun = [
      { project: 'local_pkg', greeting: 'hi', saw_results: true },
      { project: 'vendored_pkg', greeting: null, saw_results: true },
      { project: 'shop', greeting: null, saw_results: true },
    ];
    expect(hooks).toEqual([...oneRun, ...oneRun]);

    // A package model alone, by its package-qualified name.
    const again = await runCli(['run', '--select', 'local_pkg.pkg_customers'], project);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/\[1\/1\] OK table .*pkg_customers/);
  }, TIMEOUT_MS);
});
