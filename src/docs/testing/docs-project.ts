/** A small project for the docs tests, written to a fresh directory, with the profile the test asks for. */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const FILES: Readonly<Record<string, string>> = {
  'project.yml': 'name: shop\nprofile: shop\n',
  'models/orders.sql': 'select 1 as order_id, 9.99::numeric(10,2) as amount\n',
  'models/order_report.sql': "select order_id, amount * 2 as doubled\nfrom {{ ref('orders') }}\n",
  'models/order_helper.sql': "{{ config(materialized='ephemeral') }}\nselect order_id from {{ ref('orders') }}\n",
  'models/never_built.sql': "select order_id from {{ ref('orders') }}\n",
  'models/schema.yml': `version: 2
models:
  - name: orders
    description: One row per order.
    columns:
      - name: order_id
        description: The order's key.
        data_tests: [unique, not_null]
      - name: status
        description: Declared, not in the SQL.
        data_type: text
`,
};

/** Writes the project and its profiles.yml (`profile` is the YAML of the one `dev` output); returns its directory. */
export async function writeDocsProject(profile: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'strata-docs-'));
  const files = { ...FILES, 'profiles.yml': `shop:\n  target: dev\n  outputs:\n    dev:\n${profile.replace(/^/gm, '      ')}\n` };
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  }
  return dir;
}

/** The profile output of the server in STRATA_TEST_PG_URL, building in `schema`; the password comes from env STRATA_DOCS_TEST_PASSWORD. */
export function serverProfile(url: string, schema: string): string {
  const u = new URL(url);
  return [
    'type: postgres',
    `host: ${u.hostname}`,
    `port: ${u.port || 5432}`,
    `user: ${decodeURIComponent(u.username) || 'postgres'}`,
    `password: "{{ env_var('STRATA_DOCS_TEST_PASSWORD', '') }}"`,
    `dbname: ${decodeURIComponent(u.pathname.slice(1)) || 'postgres'}`,
    `schema: ${schema}`,
    'sslmode: disable',
  ].join('\n');
}
