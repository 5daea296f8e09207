import { createHash } from 'node:crypto';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyExampleProject, copyFixture, projectFrom, removeDir, repoRoot, runCli } from './cli-harness.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await removeDir(dir);
});

async function project(files: Record<string, string>): Promise<string> {
  const dir = await projectFrom({ 'project.yml': 'name: shop\nprofile: shop\n', ...files });
  dirs.push(dir);
  return dir;
}

describe('strata compile on the example project', () => {
  it('writes the compiled SQL of every node and a manifest, without a database', async () => {
    const dir = await copyExampleProject();
    dirs.push(dir);
    const result = await runCli(['compile'], dir);
    expect(result.stderr).toContain('no profiles.yml found for profile "football_stats"');
    expect(result.code).toBe(0);
    const compiled = await readFile(path.join(dir, 'target/compiled/football_stats/models/marts/dim_players.sql'), 'utf8');
    expect(compiled).toContain('"public_staging"."stg_players"');
    expect(compiled).not.toContain('{{');
    const manifestText = await readFile(path.join(dir, 'target/manifest.json'), 'utf8');
    expect(manifestText).not.toContain(dir); // no path of this machine in an artifact
    const manifest = JSON.parse(manifestText);
    expect(manifest.nodes['model.football_stats.dim_players'].depends_on.nodes).toContain('model.football_stats.stg_players');
    expect(manifest.parent_map['model.football_stats.dim_players']).toContain('model.football_stats.stg_players');

    // A generic test's name is dbt's, whatever its length; a name of 64 characters or more is cut
    // and hashed, as dbt does, only for its compiled file and its relation.
    const name = 'relationships_stg_player_game_stats_player_id__player_id__ref_stg_players_';
    const test = Object.values(manifest.nodes).find((n) => (n as { name: string }).name === name) as { unique_id: string; alias: string; compiled_path: string };
    const short = `relationships_stg_player_game__${createHash('md5').update(name).digest('hex')}`;
    expect(test.unique_id).toMatch(new RegExp(`^test\\.football_stats\\.${name}\\.[0-9a-f]{10}$`));
    expect(test.alias).toBe(short);
    expect(test.compiled_path).toBe(`target/compiled/football_stats/models/staging/${short}.sql`);
    expect(await readFile(path.join(dir, test.compiled_path), 'utf8')).toContain('"public_staging"."stg_players"');
  });

  it('lists nodes as JSON with the keys a scheduler asks for', async () => {
    const dir = await copyExampleProject();
    dirs.push(dir);
    const result = await runCli(['ls', '--resource-type', 'model', '--output', 'json', '--output-keys', 'name', 'unique_id', 'depends_on', 'config'], dir);
    expect(result.code).toBe(0);
    const rows = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    const dim = rows.find((row) => row.name === 'dim_players');
    expect(Object.keys(dim).sort()).toEqual(['config', 'depends_on', 'name', 'unique_id']);
    expect(dim.config.materialized).toBe('table');
    expect(rows.every((row) => row.unique_id.startsWith('model.'))).toBe(true);
  });

  it('selects by graph operators', async () => {
    const dir = await copyExampleProject();
    dirs.push(dir);
    const result = await runCli(['ls', '--select', '+dim_players', '--resource-type', 'model', 'seed', '--output', 'name'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n').sort()).toEqual(['dim_players', 'raw_players', 'raw_teams', 'stg_players', 'stg_teams']);
  });
});

describe('strata compile shows what it compiled', () => {
  it("prints one selected node's SQL, and renders --inline SQL (ephemeral models as CTEs, --vars applied)", async () => {
    const dir = await project({
      'models/orders.sql': "select 1 as order_id, {{ var('currency', \"'EUR'\") }} as currency\n",
      'models/paid.sql': "{{ config(materialized='ephemeral') }}\nselect * from {{ ref('orders') }}\n",
      'models/schema.yml': 'version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: order_id\n        data_tests: [unique]\n',
    });
    const one = await runCli(['compile', '--select', 'orders'], dir);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toContain("Compiled node 'orders' is:\nselect 1 as order_id, 'EUR' as currency\n");

    const inline = await runCli(['compile', '--inline', "select count(*) from {{ ref('paid') }}", '--vars', '{currency: "\'USD\'"}'], dir);
    expect(inline.code, inline.stderr).toBe(0);
    expect(inline.stdout).toMatch(/^with __dbt__cte__paid as \(\nselect \* from "postgres"\."public"\."orders"\n\)\s*select count\(\*\) from __dbt__cte__paid\n$/);

    const bad = await runCli(['compile', '--inline', "select * from {{ ref('ordrs') }}"], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--inline:1:18: ref('ordrs') names no model, seed or snapshot");
  });
});

describe("dbt's model in templates", () => {
  it('carries the tags, meta, columns, refs and dependencies of the node', async () => {
    const dir = await project({
      'models/customers.sql': 'select 1 as id\n',
      'models/orders.sql':
        "{{ config(tags=['finance']) }}select * from {{ ref('customers') }} -- {{ model.tags | join(',') }}|{{ model.meta.owner }}|{{ model.columns | length }}|{{ model.columns.amount.description }}|{{ model.refs[0].name }}|{{ model.depends_on.nodes | join(',') }}\n",
      'models/schema.yml':
        'version: 2\nmodels:\n  - name: orders\n    config:\n      meta: {owner: ana}\n    columns:\n      - name: id\n      - name: amount\n        description: in cents\n',
    });
    const compiled = await runCli(['compile', '--select', 'orders'], dir);
    expect(compiled.code, compiled.stderr).toBe(0);
    expect(compiled.stdout).toContain('-- finance|ana|2|in cents|customers|model.shop.customers');
  });
});

describe("dbt's exceptions.warn", () => {
  it('prints a warning and the compile goes on', async () => {
    const dir = await project({ 'models/late.sql': "{% do exceptions.warn('orders arrive late') %}select 1 as id\n" });
    const compiled = await runCli(['compile'], dir);
    expect(compiled.code, compiled.stderr).toBe(0);
    expect(`${compiled.stdout}${compiled.stderr}`).toContain('orders arrive late');
  });
});

describe("dbt's fromyaml, toyaml and local_md5", () => {
  it('read and write YAML as PyYAML does, and hash a string', async () => {
    const dir = await project({
      'models/helpers.sql': "{% set cfg = fromyaml('a: 1\\nb: [x, y]') %}select {{ cfg.a }} as a, '{{ cfg.b | join(\",\") }}' as b, '{{ local_md5(\"x\") }}' as h, '{{ toyaml({\"k\": [1, 2]}) | trim | replace(\"\\n\", \"|\") }}' as y\n",
    });
    const compiled = await runCli(['compile', '--select', 'helpers'], dir);
    expect(compiled.code, compiled.stderr).toBe(0);
    expect(compiled.stdout).toContain("select 1 as a, 'x,y' as b, '9dd4e461268c8034f5c8564e155c67a6' as h, 'k:|- 1|- 2' as y");
  });
});

describe("dbt's run_started_at", () => {
  it('is a UTC datetime: printed with +00:00, with strftime, isoformat and arithmetic', async () => {
    const dir = await project({
      'models/stamped.sql':
        "select '{{ run_started_at }}' as printed, '{{ run_started_at.strftime(\"%Y-%m-%d %Z\") }}' as formatted, '{{ run_started_at.isoformat() }}' as iso, '{{ (run_started_at + modules.datetime.timedelta(days=1)).strftime(\"%Y-%m-%d\") }}' as tomorrow\n",
    });
    const compiled = await runCli(['compile', '--select', 'stamped'], dir);
    expect(compiled.code, compiled.stderr).toBe(0);
    const match = /select '(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d(?:\.\d{6})?)\+00:00' as printed, '(\d{4}-\d\d-\d\d) UTC' as formatted, '\1T\2\+00:00' as iso, '(\d{4}-\d\d-\d\d)' as tomorrow/.exec(compiled.stdout);
    expect(match, compiled.stdout).not.toBeNull();
    expect(match![3]).toBe(match![1]);
    expect(Date.parse(`${match![4]}T00:00:00Z`) - Date.parse(`${match![1]}T00:00:00Z`)).toBe(86_400_000);
  });
});

describe('compile errors name the file and line and exit 2', () => {
  it('an unknown ref, with the closest name as a suggestion', async () => {
    const dir = await project({ 'models/orders.sql': 'select 1 as id\n', 'models/report.sql': "select *\nfrom {{ ref('ordres') }}\n" });
    const result = await runCli(['compile'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('models/report.sql');
    expect(result.stderr).toContain('ordres');
    expect(result.stderr).toContain('orders');
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace without --debug
  });

  it('a Jinja error in a YAML value, at the value in the YAML file, reported once', async () => {
    const projectFile = await project({ 'project.yml': 'name: shop\n\nmodels:\n  +schema: "{{ nope.name }}"\n', 'models/a.sql': 'select 1 as id\n' });
    const inProject = await runCli(['compile'], projectFile);
    expect(inProject.code).toBe(2);
    expect(inProject.stderr).toContain("project.yml:4:12: 'nope' is undefined");
    expect(inProject.stderr).toContain('> 4 |   +schema: "{{ nope.name }}"');

    const testConfig = await project({
      'models/a.sql': 'select 1 as id\n',
      'models/schema.yml': 'models:\n  - name: a\n    columns:\n      - name: id\n        data_tests:\n          - not_null:\n              config:\n                severity: "{{ nope.x }}"\n',
    });
    const inTest = await runCli(['compile'], testConfig);
    expect(inTest.code).toBe(2);
    expect(inTest.stderr).toContain("models/schema.yml:8:27: 'nope' is undefined");
    expect(inTest.stderr).toContain('1 error');
    expect(inTest.stderr).not.toContain('expected regex');
  });

  it("a relationships test's unknown `to:`, at the test's line in the property file", async () => {
    const dir = await project({
      'models/orders.sql': 'select 1 as id, 2 as customer_id\n',
      'models/customers.sql': 'select 2 as id\n',
      'models/schema.yml': [
        'version: 2',
        'models:',
        '  - name: orders',
        '    columns:',
        '      - name: customer_id',
        '        data_tests:',
        '          - relationships:',
        "              to: ref('customers')",
        '              field: id',
        '          - relationships:',
        "              to: ref('customer')",
        '              field: id',
        '',
      ].join('\n'),
    });
    const result = await runCli(['compile'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("models/schema.yml:10:13: ref('customer') names no model, seed or snapshot");
    // The test whose `to:` exists compiles against that model's relation.
    await writeFile(path.join(dir, 'models/schema.yml'), (await readFile(path.join(dir, 'models/schema.yml'), 'utf8')).replace("ref('customer')\n", "ref(\"customers\")\n"));
    expect((await runCli(['compile'], dir)).code).toBe(0);
    const compiled = await readFile(path.join(dir, 'target/compiled/shop/models/relationships_orders_customer_id__id__ref_customers_.sql'), 'utf8');
    expect(compiled).toContain('from "postgres"."public"."customers"');
  });

  it('a Jinja syntax error, at its line', async () => {
    const dir = await project({ 'models/broken.sql': "select 1 as id\n{% if true %}\nwhere 1 = 1\n" });
    const result = await runCli(['compile'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/models\/broken\.sql:\d+/);
    expect(result.stderr.toLowerCase()).toContain('endif');
  });

  it('a dependency cycle, naming the models in it', async () => {
    const dir = await project({ 'models/a.sql': "select * from {{ ref('b') }}\n", 'models/b.sql': "select * from {{ ref('a') }}\n" });
    const result = await runCli(['compile'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cycle');
    expect(result.stderr).toContain('model.shop.a');
    expect(result.stderr).toContain('model.shop.b');
  });

  it('a YAML syntax error in a property file, at its line', async () => {
    const dir = await project({ 'models/orders.sql': 'select 1 as id\n', 'models/schema.yml': 'version: 2\nmodels:\n  - name: orders\n    columns: [\n' });
    const result = await runCli(['compile'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/models\/schema\.yml:\d+/);
  });

  it('a config value of the wrong type, naming the key and what was expected', async () => {
    const dir = await project({ 'models/orders.sql': "{{ config(materialized='table', tags=42) }}\nselect 1 as id\n" });
    const result = await runCli(['compile'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('models/orders.sql');
    expect(result.stderr).toContain('tags');
  });

  it('an unknown macro', async () => {
    const dir = await project({ 'models/orders.sql': 'select {{ cents_to_dollars("amount") }} as id\n' });
    const result = await runCli(['compile'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('models/orders.sql');
    expect(result.stderr).toContain('cents_to_dollars');
  });

  it('an unknown flag is a usage error', async () => {
    const dir = await project({ 'models/orders.sql': 'select 1 as id\n' });
    const result = await runCli(['compile', '--no-such-flag'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--no-such-flag');
  });

  it('an SQL syntax error in the compiled SQL, at its line and column, before anything runs', async () => {
    const dir = await project({ 'models/orders.sql': 'select\n    1 as id,\n    2 as amount\nfrom\nwhere id = 1\n' });
    const compiled = await runCli(['compile'], dir);
    expect(compiled.code).toBe(2);
    expect(compiled.stderr).toContain('target/compiled/shop/models/orders.sql:5:1');
    expect(compiled.stderr).toContain('syntax error at or near "where"');
    expect(compiled.stderr).toContain('models/orders.sql');
    const run = await runCli(['run'], dir);
    expect(run.code).toBe(2);
    expect(run.stdout).not.toContain('Running');
    expect((await runCli(['compile', '--no-validate'], dir)).code).toBe(0);
  });

  it('a column that the upstream model does not have, with the closest name', async () => {
    const dir = await project({
      'models/orders.sql': 'select 1 as order_id, 10 as amount\n',
      'models/report.sql': "select order_id, amonut from {{ ref('orders') }}\n",
    });
    const result = await runCli(['compile'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('amonut');
    expect(result.stderr).toContain('amount');
  });

  it('with --select, only the selected nodes are checked, against the columns their parents infer', async () => {
    const dir = await project({
      'models/orders.sql': 'select 1 as order_id, 10 as amount\n',
      'models/report.sql': "select order_id, amonut from {{ ref('orders') }}\n",
      'models/broken.sql': 'select 1 as id from where\n',
    });
    // Neither broken model is selected: nothing to report.
    expect((await runCli(['compile', '--select', 'orders'], dir)).code).toBe(0);
    // The selected model is checked against its parent's columns (inferred from the parent's SQL).
    const report = await runCli(['compile', '--select', 'report'], dir);
    expect(report.code).toBe(2);
    expect(report.stderr).toContain('amonut');
    expect(report.stderr).not.toContain('broken');
  });
});

describe('strata lineage', () => {
  it('traces a column of the example project down to the seed columns it derives from', async () => {
    const dir = await copyExampleProject();
    dirs.push(dir);
    const result = await runCli(['lineage', 'player_season_summary.fantasy_points'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('model.football_stats.fct_player_weekly_stats.fantasy_points');
    expect(result.stdout).toContain('seed.football_stats.raw_player_game_stats.touchdowns');
    const manifest = JSON.parse(await readFile(path.join(dir, 'target/manifest.json'), 'utf8').catch(() => '{}'));
    expect(manifest).toBeDefined();
    const downstream = await runCli(['lineage', 'stg_player_game_stats.touchdowns', '--downstream'], dir);
    expect(downstream.stdout).toContain('model.football_stats.player_season_summary.touchdowns');
  });
});


describe('a project written for dbt', () => {
  it('compiles unchanged: dbt_project.yml, adapter.dispatch, a set list driving a for loop with loop.last, do on a list', async () => {
    const dir = await copyFixture('dbt_shaped');
    dirs.push(dir);
    const result = await runCli(['compile'], dir);
    expect(result.code).toBe(0);
    for (const [compiled, expected] of [
      ['target/compiled/jaffle_shop/models/marts/order_payments.sql', 'order_payments.sql'],
      ['target/compiled/jaffle_shop/models/staging/stg_payments.sql', 'stg_payments.sql'],
    ] as const) {
      const actual = await readFile(path.join(dir, compiled), 'utf8');
      expect(actual).toBe(await readFile(path.join(repoRoot, 'e2e/fixtures/dbt_shaped.expected', expected), 'utf8'));
    }
    const manifest = JSON.parse(await readFile(path.join(dir, 'target/manifest.json'), 'utf8'));
    // A ref inside an {% if %} that is false, and one inside an SQL comment, are still dependencies.
    expect(manifest.nodes['model.jaffle_shop.stg_orders'].depends_on.nodes).toEqual(['model.jaffle_shop.stg_payments']);
    expect(manifest.nodes['model.jaffle_shop.order_payments'].depends_on.nodes.sort()).toEqual(['model.jaffle_shop.stg_orders', 'model.jaffle_shop.stg_payments']);
  });
});

describe('the project file and test configs with target', () => {
  it('renders target in the project file and in a property file test config, with the target --target picks', async () => {
    const dir = await project({
      'project.yml': `name: shop
profile: shop
models:
  +schema: "{{ 'marts' if target.name == 'prod' else 'scratch' }}"
data_tests:
  +severity: "{{ 'error' if target.name == 'prod' else 'warn' }}"
`,
      'profiles.yml': `shop:
  target: dev
  outputs:
    dev: {type: pglite, path: .strata/dev}
    prod: {type: pglite, path: .strata/prod}
`,
      'models/orders.sql': 'select 1 as id',
      'models/schema.yml': `models:
  - name: orders
    columns:
      - name: id
        data_tests:
          - unique
          - not_null:
              config:
                where: "id > {{ 0 if target.name == 'prod' else -1 }}"
`,
    });
    const configOf = async (targetName: string) => {
      const result = await runCli(['compile', '--target', targetName], dir);
      expect(result.code, result.stderr).toBe(0);
      const manifest = JSON.parse(await readFile(path.join(dir, 'target/manifest.json'), 'utf8'));
      const nodes = Object.values(manifest.nodes) as { name: string; schema: string; config: { severity?: string }; compiled_code?: string }[];
      const byName = (name: string) => nodes.find((n) => n.name === name)!;
      return { orders: byName('orders'), unique: byName('unique_orders_id'), notNull: byName('not_null_orders_id') };
    };
    const dev = await configOf('dev');
    expect(dev.orders.schema).toBe('public_scratch');
    expect(dev.unique.config.severity).toBe('warn');
    expect(dev.notNull.compiled_code).toContain('where id > -1) dbt_subquery');
    const prod = await configOf('prod');
    expect(prod.orders.schema).toBe('public_marts');
    expect(prod.unique.config.severity).toBe('error');
    expect(prod.notNull.compiled_code).toContain('where id > 0) dbt_subquery');

    // clean reads the project file as the other commands do.
    const cleaned = await runCli(['clean'], dir);
    expect(cleaned.code, cleaned.stderr).toBe(0);
    expect(cleaned.stdout).toContain('Removed target');
    await expect(readFile(path.join(dir, 'target/manifest.json'))).rejects.toThrow();
  });
});

describe('strata clean', () => {
  it('refuses a clean-target outside the project (exit 2), and deletes nothing', async () => {
    const dir = await project({ 'project.yml': 'name: shop\nclean-targets: [target, ../elsewhere]\n', 'models/a.sql': 'select 1 as id' });
    expect((await runCli(['compile'], dir)).code).toBe(0);
    const result = await runCli(['clean'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('clean-targets entry "../elsewhere" is outside the project directory');
    expect(await readFile(path.join(dir, 'target/manifest.json'), 'utf8')).toContain('"nodes"');
  });
});

describe('a seed larger than 1 MiB', () => {
  it("is checksummed by content, so state:modified sees an edit inside it, and its header gives the SQL check its columns", async () => {
    const rows = Array.from({ length: 60_000 }, (_, i) => `${i},player_${i},${(i % 40) + 1}`).join('\n');
    const csv = `player_id,player_name,team_id\n${rows}\n`;
    expect(Buffer.byteLength(csv)).toBeGreaterThan(1024 * 1024);
    const dir = await project({
      'seeds/big_players.csv': csv,
      'models/players.sql': "select player_id, player_name from {{ ref('big_players') }}\n",
    });
    const compiled = await runCli(['compile'], dir);
    expect(compiled.stderr).not.toMatch(/error/i);
    expect(compiled.code).toBe(0);
    const manifest = JSON.parse(await readFile(path.join(dir, 'target/manifest.json'), 'utf8'));
    expect(manifest.nodes['seed.shop.big_players'].checksum).toEqual({ name: 'sha256', checksum: createHash('sha256').update(csv).digest('hex') });

    await cp(path.join(dir, 'target'), path.join(dir, 'prod-state'), { recursive: true });
    await writeFile(path.join(dir, 'seeds/big_players.csv'), csv.replace('player_30000,', 'player_30000_renamed,'));
    const modified = await runCli(['ls', '--select', 'state:modified', '--state', 'prod-state', '--output', 'name'], dir);
    expect(modified.code).toBe(0);
    expect(modified.stdout.trim().split('\n')).toEqual(['big_players']);

    await writeFile(path.join(dir, 'models/players.sql'), "select player_id, team_code from {{ ref('big_players') }}\n");
    const missing = await runCli(['compile'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/team_code/);
    expect(missing.stderr).toMatch(/team_id/);
  });
});
