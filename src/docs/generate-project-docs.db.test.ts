import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openAdapter } from '../adapters/open-adapter.js';
import { openProject } from '../api/open-project.js';
import { CollectingReporter } from '../report/events.js';
import { uniqueSchemaName, testTargetKinds } from '../adapters/testing/test-targets.js';
import type { CatalogJson } from './catalog-json.js';
import { generateProjectDocs } from './generate-project-docs.js';
import { serverProfile, writeDocsProject } from './testing/docs-project.js';

const env = { ...process.env, STRATA_DOCS_TEST_PASSWORD: process.env.STRATA_TEST_PG_URL ? decodeURIComponent(new URL(process.env.STRATA_TEST_PG_URL).password) : '' };

/** The page's embedded data, as the browser would parse it. */
async function pageData(indexHtml: string): Promise<{ hasCatalog: boolean; nodes: { name: string; relationType?: string; columns: { name: string; type?: string }[] }[] }> {
  const html = await readFile(indexHtml, 'utf8');
  return JSON.parse(/<script type="application\/json" id="strata-docs-data">([\s\S]*?)<\/script>/.exec(html)![1]!);
}

describe.each(testTargetKinds)('docs generate with the database on %s', (kind) => {
  const schema = uniqueSchemaName('strata_docs');
  let dir: string | undefined;
  afterAll(async () => {
    if (!dir) return;
    if (kind === 'postgres') {
      const open = await openProject({ projectDir: dir, reporter: new CollectingReporter(), env });
      const adapter = await openAdapter(open.target, { projectDir: dir });
      await adapter.withConnection((c) => c.query(`drop schema if exists "${schema}" cascade`));
      await adapter.close();
    }
    await rm(dir, { recursive: true, force: true });
  });

  it('writes catalog.json with relation and column types of what exists, and shows the types on the page', async () => {
    dir = await writeDocsProject(kind === 'pglite' ? `type: pglite\nschema: ${schema}` : serverProfile(process.env.STRATA_TEST_PG_URL!, schema));
    // Build two of the three relations the project expects, as a run would have.
    const open = await openProject({ projectDir: dir, reporter: new CollectingReporter(), env });
    const adapter = await openAdapter(open.target, { projectDir: dir });
    await adapter.withConnection((c) =>
      c.query(`create schema "${schema}";
               create table "${schema}".orders (order_id integer, amount numeric(10,2), status varchar(20));
               create view "${schema}".order_report as select order_id, amount * 2 as doubled from "${schema}".orders;`),
    );
    await adapter.close();

    const reporter = new CollectingReporter();
    const docs = await generateProjectDocs({ projectDir: dir, reporter, env });
    expect(reporter.events.filter((e) => e.kind === 'warning').map((e) => e.message)).not.toContainEqual(expect.stringContaining('column types'));
    expect(docs.catalogPath).toBe(path.join(dir, 'target', 'catalog.json'));
    const catalog = JSON.parse(await readFile(docs.catalogPath!, 'utf8')) as CatalogJson;
    expect(catalog.metadata.dbt_schema_version).toBe('https://schemas.getdbt.com/dbt/catalog/v1.json');
    expect(Object.keys(catalog.nodes).sort()).toEqual(['model.shop.order_report', 'model.shop.orders']);
    expect(catalog.nodes['model.shop.orders']!.metadata).toMatchObject({ type: 'BASE TABLE', schema, name: 'orders' });
    expect(catalog.nodes['model.shop.orders']!.columns).toEqual({
      order_id: { type: 'integer', index: 1, name: 'order_id', comment: null },
      amount: { type: 'numeric(10,2)', index: 2, name: 'amount', comment: null },
      status: { type: 'character varying(20)', index: 3, name: 'status', comment: null },
    });
    expect(catalog.nodes['model.shop.order_report']!.metadata.type).toBe('VIEW');
    expect(catalog.nodes['model.shop.order_report']!.columns.doubled!.type).toBe('numeric');

    const data = await pageData(docs.indexHtml);
    expect(data.hasCatalog).toBe(true);
    const orders = data.nodes.find((n) => n.name === 'orders')!;
    expect(orders.relationType).toBe('BASE TABLE');
    // The catalog's type wins over the declared one (status is declared as text).
    expect(orders.columns.map((c) => [c.name, c.type])).toEqual([
      ['order_id', 'integer'],
      ['amount', 'numeric(10,2)'],
      ['status', 'character varying(20)'],
    ]);
  });
});

describe('docs generate without a database', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('warns that the server is unreachable and still writes the page, without catalog.json', async () => {
    const dir = await writeDocsProject('type: postgres\nhost: 127.0.0.1\nport: 1\nuser: nobody\ndbname: shop\nschema: shop\nconnect_timeout: 2\nretries: 0\nsslmode: disable');
    dirs.push(dir);
    const reporter = new CollectingReporter();
    const docs = await generateProjectDocs({ projectDir: dir, reporter });
    const warnings = reporter.events.filter((e) => e.kind === 'warning').map((e) => e.message);
    expect(warnings).toContainEqual(expect.stringMatching(/could not read column types from the database: .*127\.0\.0\.1:1/));
    expect(docs.catalogSkipped).toBeDefined();
    expect(existsSync(docs.indexHtml)).toBe(true);
    expect(existsSync(path.join(dir, 'target', 'catalog.json'))).toBe(false);
    expect((await pageData(docs.indexHtml)).hasCatalog).toBe(false);
  });

  it('does not create an embedded database that was never built', async () => {
    const dir = await writeDocsProject('type: pglite\nschema: shop');
    dirs.push(dir);
    const reporter = new CollectingReporter();
    const docs = await generateProjectDocs({ projectDir: dir, reporter });
    expect(reporter.events.filter((e) => e.kind === 'warning').map((e) => e.message)).toContainEqual(expect.stringContaining('has not been built yet'));
    expect(existsSync(path.join(dir, '.strata'))).toBe(false);
    expect(existsSync(docs.indexHtml)).toBe(true);
  });

  it('with the catalog turned off, asks nothing of the database and warns nothing', async () => {
    const dir = await writeDocsProject('type: postgres\nhost: 127.0.0.1\nport: 1\nuser: nobody\ndbname: shop\nschema: shop\nretries: 0');
    dirs.push(dir);
    const reporter = new CollectingReporter();
    const docs = await generateProjectDocs({ projectDir: dir, reporter, catalog: false });
    expect(reporter.events.filter((e) => e.kind === 'warning')).toEqual([]);
    expect(docs.catalogSkipped).toBeUndefined();
    expect(existsSync(docs.indexHtml)).toBe(true);
    expect(existsSync(path.join(dir, 'target', 'manifest.json'))).toBe(true);
  });
});
