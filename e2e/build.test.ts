import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyExampleProject, projectFrom, removeDir, runCli } from './cli-harness.js';
import { databaseKinds, prepareDatabase, type ProjectDatabase } from './database-under-test.js';

/** Each PGlite project starts a new data directory (initdb in WASM), seconds each on a busy machine. */
const BUILD_TIMEOUT_MS = 300_000;

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function tracked(dir: string, db: ProjectDatabase): Promise<void> {
  cleanups.push(() => db.cleanup(), () => removeDir(dir));
}

describe.each(databaseKinds)('strata build on %s', (kind) => {
  it('builds the example project: seeds, views, tables, the incremental fact, and its tests', async () => {
    const dir = await copyExampleProject();
    const db = await prepareDatabase(kind, dir, 'football_stats');
    await tracked(dir, db);

    const first = await runCli(['build'], dir);
    expect(first.stderr).not.toContain('error');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Done in .*PASS=\d+/);

    const [weekly] = await db.query(`select count(*)::int as n from "${db.schema}_marts".fct_player_weekly_stats`);
    const [stats] = await db.query(`select count(*)::int as n from "${db.schema}_raw".raw_player_game_stats where season >= 2023`);
    expect(weekly!.n).toBe(stats!.n); // vars.first_reported_season filters to 2023 on
    const players = await db.query(`select player_id, team_code from "${db.schema}_marts".dim_players order by player_id limit 2`);
    expect(players.length).toBe(2);

    const results = JSON.parse(await readFile(path.join(dir, 'target/run_results.json'), 'utf8'));
    expect(results.results.every((r: { status: string }) => r.status === 'success' || r.status === 'pass')).toBe(true);

    // Every node that ran has its compiled SQL under target/compiled, as the manifest records it.
    const manifest = JSON.parse(await readFile(path.join(dir, 'target/manifest.json'), 'utf8'));
    const ran = results.results.map((r: { unique_id: string }) => manifest.nodes[r.unique_id]).filter((n: { compiled_path?: string } | undefined) => n?.compiled_path);
    expect(ran.length).toBeGreaterThan(30);
    for (const node of ran) expect(await readFile(path.join(dir, node.compiled_path), 'utf8'), node.unique_id).toBe(node.compiled_code);
    const factFile = path.join(dir, 'target/compiled/football_stats/models/marts/fct_player_weekly_stats.sql');
    expect(await readFile(factFile, 'utf8')).not.toContain('coalesce(max(game_date)');

    // A second build loads the incremental model incrementally and changes nothing; its compiled
    // file is now the incremental query that ran.
    const second = await runCli(['build', '--select', 'fct_player_weekly_stats'], dir);
    expect(second.code).toBe(0);
    const [again] = await db.query(`select count(*)::int as n from "${db.schema}_marts".fct_player_weekly_stats`);
    expect(again!.n).toBe(weekly!.n);
    expect(await readFile(factFile, 'utf8')).toContain('coalesce(max(game_date)');
  }, BUILD_TIMEOUT_MS);

  it('keeps the previous table when a rebuild fails, and exits 1 naming the model', async () => {
    const dir = await projectFrom({
      'project.yml': 'name: shop\nprofile: shop\nmodels:\n  shop:\n    +materialized: table\n',
      'models/orders.sql': 'select 1 as id, 10 as amount union all select 2, 20\n',
    });
    const db = await prepareDatabase(kind, dir, 'shop');
    await tracked(dir, db);
    expect((await runCli(['run'], dir)).code).toBe(0);

    await writeFile(path.join(dir, 'models/orders.sql'), 'select 1 as id, 10 / 0 as amount\n');
    const failed = await runCli(['run'], dir);
    expect(failed.code).toBe(1);
    expect(failed.stdout + failed.stderr).toContain('division by zero');
    expect(failed.stdout + failed.stderr).toContain('models/orders.sql');

    const rows = await db.query(`select id, amount from "${db.schema}".orders order by id`);
    expect(rows).toEqual([
      { id: 1, amount: 10 },
      { id: 2, amount: 20 },
    ]);
  }, BUILD_TIMEOUT_MS);

  it('a failing error-severity test fails the build and skips what is downstream; a warn-severity one does not', async () => {
    const dir = await projectFrom({
      'project.yml': 'name: shop\nprofile: shop\n',
      'models/orders.sql': 'select 1 as id union all select 1 union all select 2\n',
      'models/order_report.sql': "select count(*) as n from {{ ref('orders') }}\n",
      'models/schema.yml': `version: 2
models:
  - name: orders
    columns:
      - name: id
        data_tests:
          - unique
          - accepted_values:
              arguments:
                values: [1]
              config:
                severity: warn
`,
    });
    const db = await prepareDatabase(kind, dir, 'shop');
    await tracked(dir, db);
    const result = await runCli(['build'], dir);
    expect(result.code).toBe(1);
    const results = JSON.parse(await readFile(path.join(dir, 'target/run_results.json'), 'utf8')).results as { unique_id: string; status: string; failures: number | null }[];
    const byId = new Map(results.map((r) => [r.unique_id.split('.').slice(0, 3).join('.'), r]));
    const unique = results.find((r) => r.unique_id.startsWith('test.shop.unique_orders_id'))!;
    expect(unique.status).toBe('fail');
    expect(unique.failures).toBe(1);
    expect(results.find((r) => r.unique_id.startsWith('test.shop.accepted_values_orders_id'))!.status).toBe('warn');
    expect(byId.get('model.shop.order_report')!.status).toBe('skipped');
    expect(result.stdout).toContain('unique_orders_id');

    // `strata test` alone: the warning does not fail the run unless --warn-error.
    await writeFile(path.join(dir, 'models/orders.sql'), 'select 1 as id union all select 2\n');
    expect((await runCli(['run'], dir)).code).toBe(0);
    expect((await runCli(['test'], dir)).code).toBe(0);
    expect((await runCli(['test', '--warn-error'], dir)).code).toBe(1);
  }, BUILD_TIMEOUT_MS);

  it('runs on-run-start and on-run-end hooks around the nodes, with results and schemas', async () => {
    const dir = await projectFrom({
      'project.yml': `name: shop
profile: shop
on-run-start:
  - "create table if not exists {{ target.schema }}.run_log (event text)"
  - "insert into {{ target.schema }}.run_log values ('start')"
on-run-end:
  - "insert into {{ target.schema }}.run_log values ('end {{ results | length }} {{ results[0].status }} {{ schemas | join(\\",\\") }}')"
`,
      'models/orders.sql': 'select 1 as id\n',
    });
    const db = await prepareDatabase(kind, dir, 'shop');
    await tracked(dir, db);
    const result = await runCli(['run'], dir);
    expect(result.stderr).not.toContain('error');
    expect(result.code).toBe(0);
    const rows = await db.query(`select event from "${db.schema}".run_log`);
    expect(rows.map((r) => r.event)).toEqual(['start', `end 1 success ${db.schema}`]);
  }, BUILD_TIMEOUT_MS);

  it("runs a model's hook with transaction: false outside the build's transaction (VACUUM can run)", async () => {
    const dir = await projectFrom({
      'project.yml': 'name: shop\nprofile: shop\n',
      'models/events.sql':
        '{{ config(materialized=\'table\', post_hook=[{"sql": "vacuum analyze {{ this }}", "transaction": false}, "comment on table {{ this }} is \'built\'"]) }}\nselect 1 as id\n',
    });
    const db = await prepareDatabase(kind, dir, 'shop');
    await tracked(dir, db);
    const result = await runCli(['run'], dir);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(await db.query(`select obj_description('"${db.schema}".events'::regclass) as comment`)).toEqual([{ comment: 'built' }]);
  }, BUILD_TIMEOUT_MS);

  it('renders hooks as dbt does: execute is true, and a macro they call may use run_query and ref', async () => {
    const dir = await projectFrom({
      'project.yml': `name: shop
profile: shop
on-run-end:
  - "{{ record_run(results) }}"
`,
      'macros/record_run.sql': `{% macro record_run(results) %}
  {% if execute %}
    {% do run_query('create table if not exists ' ~ target.schema ~ '.run_audit (node text, status text, rows_now int)') %}
    {% for result in results %}
      {% set counted = run_query('select count(*) from ' ~ ref(result.node.name)) %}
      {% do run_query("insert into " ~ target.schema ~ ".run_audit values ('" ~ result.node.name ~ "', '" ~ result.status ~ "', " ~ counted.columns[0].values()[0] ~ ")") %}
    {% endfor %}
  {% endif %}
{% endmacro %}
`,
      'models/orders.sql': 'select g as id from generate_series(1, 3) g\n',
    });
    const db = await prepareDatabase(kind, dir, 'shop');
    await tracked(dir, db);
    const result = await runCli(['run'], dir);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(await db.query(`select node, status, rows_now from "${db.schema}".run_audit`)).toEqual([{ node: 'orders', status: 'success', rows_now: 3 }]);
  }, BUILD_TIMEOUT_MS);
});


describe.each(databaseKinds)('microbatch backfills on %s', (kind) => {
  it('builds only the batches between --event-time-start and --event-time-end', async () => {
    const dir = await projectFrom({
      'project.yml': 'name: shop\nprofile: shop\n',
      'models/events.sql':
        "{{ config(materialized='table', event_time='occurred_at') }}\nselect * from (values (1, timestamp '2024-01-01 10:00'), (2, timestamp '2024-01-02 11:00'), (3, timestamp '2024-01-03 12:00')) as t(id, occurred_at)\n",
      'models/daily.sql':
        "{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='occurred_at', batch_size='day', begin='2024-01-01') }}\nselect id, occurred_at from {{ ref('events') }}\n",
    });
    const db = await prepareDatabase(kind, dir, 'shop');
    await tracked(dir, db);
    const first = await runCli(['run', '--event-time-start', '2024-01-01', '--event-time-end', '2024-01-03'], dir);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('2 batches');
    expect((await db.query(`select id from "${db.schema}".daily order by id`)).map((r) => r.id)).toEqual([1, 2]);
    const backfill = await runCli(['run', '--select', 'daily', '--event-time-start', '2024-01-03', '--event-time-end', '2024-01-04'], dir);
    expect(backfill.code).toBe(0);
    expect((await db.query(`select id from "${db.schema}".daily order by id`)).map((r) => r.id)).toEqual([1, 2, 3]);
    expect((await runCli(['run', '--event-time-start', 'yesterday-ish'], dir)).code).toBe(2);
  }, BUILD_TIMEOUT_MS);
});

describe('strata init', () => {
  it('scaffolds a project that builds as it is, into the embedded database', async () => {
    const parent = await projectFrom({});
    cleanups.push(() => removeDir(parent));
    const created = await runCli(['init', 'shop_demo'], parent);
    expect(created.code).toBe(0);
    const dir = path.join(parent, 'shop_demo');
    const built = await runCli(['build'], dir);
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    expect(built.stdout).toMatch(/OK=3 PASS=4/);
    expect((await runCli(['init', 'shop_demo'], parent)).code).toBe(2); // never overwrites
  }, BUILD_TIMEOUT_MS);
});
