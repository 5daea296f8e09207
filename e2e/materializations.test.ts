/**
 * Every materialization and incremental strategy, built twice through the CLI: a first run with
 * `round: 1`, then a second with `--vars '{round: 2}'` where the models' data (and, for the schema
 * change and failure cases, their columns or SQL) change. One project per database keeps it to one
 * initdb; each test below checks one behaviour of what those runs left in the database.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectFrom, removeDir, runCli, type CliResult } from './cli-harness.js';
import { databaseKinds, prepareDatabase, type ProjectDatabase } from './database-under-test.js';

const TIMEOUT_MS = 300_000;

/** `round` 1 on the first run, 2 on the second: every model below reads it to change between runs. */
const round = "{{ var('round', 1) }}";
const roundIs2 = "{% if var('round', 1) == 2 %}";

/** (id, label) rows: round 1 has ids 1 and 2; round 2 changes id 2 and adds id 3. */
const changingRows = `${roundIs2}
select 1 as id, 'a'::text as label union all select 2, 'B' union all select 3, 'c'
{% else %}
select 1 as id, 'a'::text as label union all select 2, 'b'
{% endif %}`;

function projectFiles(role: string): Record<string, string> {
  return {
    'project.yml': `name: mats
profile: mats
on-run-start:
  - "create table if not exists {{ target.schema }}.hook_log (relation text, phase text, round int)"
  - "do $$ begin if not exists (select from pg_roles where rolname = '${role}') then create role ${role}; end if; end $$"
models:
  mats:
    +materialized: view
`,
    'models/plain_view.sql': `select ${round} as round\n`,
    // Round 2 adds a column in front: create or replace cannot do that, so the view is swapped (its child re-created).
    'models/view_cols.sql': `${roundIs2}select 'new'::text as b, 1 as a{% else %}select 1 as a{% endif %}\n`,
    'models/view_cols_child.sql': "select a from {{ ref('view_cols') }}\n",
    'models/plain_table.sql': `{{ config(materialized='table') }}\nselect ${round} as round\n`,

    // Append: only ids above what is there are read, so id 2's change is not applied (append never updates).
    'models/inc_append.sql': `{{ config(materialized='incremental', incremental_strategy='append') }}
with src as (${changingRows})
select * from src
{% if is_incremental() %}where id > (select max(id) from {{ this }}){% endif %}
`,
    // delete+insert with a two-column key: rows of the key seen again are replaced, new ones added.
    'models/inc_delete_insert.sql': `{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key=['id', 'part']) }}
with src as (${changingRows})
select id, 'p' as part, label from src
{% if is_incremental() %}where id >= 2{% endif %}
`,
    // merge on a unique key backed by a unique index.
    'models/inc_merge.sql': `{{ config(materialized='incremental', incremental_strategy='merge', unique_key='id', indexes=[{'columns': ['id'], 'unique': true}]) }}
with src as (${changingRows})
select * from src
{% if is_incremental() %}where id >= 2{% endif %}
`,
    // Round 2 adds a column: old rows get null in it.
    'models/osc_append.sql': `{{ config(materialized='incremental', unique_key='id', on_schema_change='append_new_columns') }}
${roundIs2}select 2 as id, 'b2'::text as label, 20 as extra
{% else %}select 1 as id, 'a'::text as label{% endif %}
`,
    // Round 2 drops label, adds extra, and widens id to bigint.
    'models/osc_sync.sql': `{{ config(materialized='incremental', unique_key='id', on_schema_change='sync_all_columns') }}
${roundIs2}select 2::bigint as id, 20 as extra
{% else %}select 1 as id, 'a'::text as label{% endif %}
`,
    // Round 2 adds a column and must stop, leaving the table as it was.
    'models/osc_fail.sql': `{{ config(materialized='incremental', on_schema_change='fail') }}
${roundIs2}select 2 as id, 'b'::text as label, 20 as extra
{% else %}select 1 as id, 'a'::text as label{% endif %}
`,

    // Nested ephemerals: eph_inner inside eph_outer inside a view.
    'models/eph_inner.sql': `{{ config(materialized='ephemeral') }}\nselect ${round} as round, 'inner' as via\n`,
    'models/eph_outer.sql': `{{ config(materialized='ephemeral') }}\nselect round * 10 as round, via || '>outer' as via from {{ ref('eph_inner') }}\n`,
    'models/uses_ephemeral.sql': "select round, via || '>view' as via from {{ ref('eph_outer') }}\n",

    // A materialized view over an incremental model that gains rows in place (no swap re-creates the
    // view), so only a refresh by the second run shows them.
    'models/mv_source.sql': `{{ config(materialized='incremental') }}\nselect g as n from generate_series(${round} * 3 - 2, ${round} * 3) g\n`,
    'models/mv_counts.sql': "{{ config(materialized='materialized_view') }}\nselect count(*)::int as n from {{ ref('mv_source') }}\n",

    // Hooks log {{ this }} into hook_log; the index, the grant, and the comments are checked in the catalog.
    'models/hooked.sql': `{{ config(
    materialized='table',
    pre_hook="insert into {{ target.schema }}.hook_log values ('{{ this }}', 'pre', ${round})",
    post_hook=["insert into {{ target.schema }}.hook_log values ('{{ this }}', 'post', ${round})"],
    indexes=[{'columns': ['id'], 'unique': true}, {'columns': ['label'], 'type': 'hash'}],
    grants={'select': ['${role}']},
    persist_docs={'relation': true, 'columns': true}
) }}
select 1 as id, 'a'::text as label
`,

    // Contract: round 2 returns id as text instead of the declared integer.
    'models/contracted.sql': `{{ config(materialized='table', contract={'enforced': true}) }}
${roundIs2}select 'two'::text as id, 'b'::text as label
{% else %}select 1 as id, 'a'::text as label{% endif %}
`,

    // full_refresh: false keeps appending under --full-refresh; the unprotected twin is rebuilt.
    'models/protected.sql': `{{ config(materialized='incremental', full_refresh=false) }}\nselect ${round} as round\n`,
    'models/unprotected.sql': `{{ config(materialized='incremental') }}\nselect ${round} as round\n`,

    // A table whose rebuild fails in round 2, with a project view on it.
    'models/fragile.sql': `{{ config(materialized='table') }}
${roundIs2}select 1 as id, 1 / 0 as amount
{% else %}select 1 as id, 10 as amount union all select 2, 20{% endif %}
`,
    'models/fragile_report.sql': "select sum(amount)::int as total from {{ ref('fragile') }}\n",

    'models/schema.yml': `version: 2
models:
  - name: hooked
    description: "A table with hooks, indexes, grants and docs"
    columns:
      - name: id
        description: "The row's id"
      - name: label
        description: "What it is called"
  - name: contracted
    columns:
      - name: id
        data_type: integer
        constraints:
          - type: not_null
      - name: label
        data_type: text
`,
  };
}

interface NodeResult {
  readonly unique_id: string;
  readonly status: string;
  readonly message?: string | null;
}

async function runResults(dir: string): Promise<Map<string, NodeResult>> {
  const results = JSON.parse(await readFile(path.join(dir, 'target/run_results.json'), 'utf8')).results as NodeResult[];
  return new Map(results.map((r) => [r.unique_id.replace(/^model\.mats\./, ''), r]));
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

describe.each(databaseKinds)('materializations built twice on %s', (kind) => {
  const role = `strata_e2e_reader_${kind}_${process.pid}`;
  let dir: string;
  let db: ProjectDatabase;
  let s: string;
  let first: CliResult;
  let second: CliResult;
  let secondResults: Map<string, NodeResult>;
  /** Rows read after the first run, before the second changes them. */
  let afterFirst: Record<string, Record<string, unknown>[]>;

  const rows = (sql: string) => db.query(sql);

  beforeAll(async () => {
    dir = await projectFrom(projectFiles(role));
    db = await prepareDatabase(kind, dir, 'mats');
    s = `"${db.schema}"`;
    cleanups.push(
      () => db.cleanup(),
      async () => {
        if (kind === 'postgres') await db.query(`drop role if exists ${role}`);
      },
      () => removeDir(dir),
    );

    first = await runCli(['run'], dir);
    afterFirst = {
      mv_counts: await rows(`select n from ${s}.mv_counts`),
      mv_oid: await rows(`select '${db.schema}.mv_counts'::regclass::oid::int as oid`),
      fragile_oid: await rows(`select '${db.schema}.fragile'::regclass::oid::int as oid`),
      plain_view_oid: await rows(`select '${db.schema}.plain_view'::regclass::oid::int as oid`),
    };
    // A grant made outside the project: a view rebuilt without grants in its config keeps it (as in dbt).
    await rows(`grant select on ${s}.plain_view to ${role}`);
    // A view the project does not know about: a table swap must re-create it, a failed rebuild must leave it.
    await rows(`create view ${s}.outside_fragile as select count(*)::int as n from ${s}.fragile`);
    await rows(`create view ${s}.outside_table as select round from ${s}.plain_table`);

    second = await runCli(['run', '--vars', '{round: 2}'], dir);
    secondResults = await runResults(dir);
  }, TIMEOUT_MS);

  it('the first run builds every model; the second fails only the three models meant to fail', () => {
    expect(first.stderr + first.stdout).not.toMatch(/ERROR|error:/);
    expect(first.code).toBe(0);
    expect(second.code).toBe(1);
    const failed = [...secondResults.values()].filter((r) => r.status !== 'success').map((r) => `${r.unique_id.split('.').pop()}:${r.status}`);
    expect(failed.sort()).toEqual(['contracted:error', 'fragile:error', 'fragile_report:skipped', 'osc_fail:error']);
  });

  it('view and table show the second run’s data, and a view outside the project survives the table swap', async () => {
    expect(await rows(`select round from ${s}.plain_view`)).toEqual([{ round: 2 }]);
    expect(await rows(`select round from ${s}.plain_table`)).toEqual([{ round: 2 }]);
    expect(await rows(`select round from ${s}.outside_table`)).toEqual([{ round: 2 }]);
    expect(second.stdout).toContain(`re-created 1 dependent view: ${db.schema}.outside_table`);
    const [kinds] = await rows(
      `select (select relkind from pg_class where oid = '${db.schema}.plain_view'::regclass)::text as v, (select relkind from pg_class where oid = '${db.schema}.plain_table'::regclass)::text as t`,
    );
    expect(kinds).toEqual({ v: 'v', t: 'r' });
  });

  it('a view whose columns change is replaced whole, and the view on it still reads it', async () => {
    expect(await rows(`select * from ${s}.view_cols`)).toEqual([{ b: 'new', a: 1 }]);
    expect(await rows(`select a from ${s}.view_cols_child`)).toEqual([{ a: 1 }]);
    expect(secondResults.get('view_cols')!.status).toBe('success');
    expect(second.stdout).toContain('replaced the view view_cols by a swap: column a was renamed, removed or moved');
  });

  it('a view whose columns stay is replaced in place: same relation, and the grant made outside the project kept', async () => {
    expect(await rows(`select round from ${s}.plain_view`)).toEqual([{ round: 2 }]);
    expect(await rows(`select '${db.schema}.plain_view'::regclass::oid::int as oid`)).toEqual(afterFirst.plain_view_oid);
    expect(await rows(`select has_table_privilege('${role}', '${s}.plain_view', 'select') as granted`)).toEqual([{ granted: true }]);
  });

  it('append adds only the new row and never updates an existing one', async () => {
    expect(await rows(`select id, label from ${s}.inc_append order by id`)).toEqual([
      { id: 1, label: 'a' },
      { id: 2, label: 'b' },
      { id: 3, label: 'c' },
    ]);
  });

  it('delete+insert with a unique_key list replaces the changed row and adds the new one', async () => {
    expect(await rows(`select id, part, label from ${s}.inc_delete_insert order by id`)).toEqual([
      { id: 1, part: 'p', label: 'a' },
      { id: 2, part: 'p', label: 'B' },
      { id: 3, part: 'p', label: 'c' },
    ]);
  });

  it('merge on a unique index updates the changed row and inserts the new one', async () => {
    expect(await rows(`select id, label from ${s}.inc_merge order by id`)).toEqual([
      { id: 1, label: 'a' },
      { id: 2, label: 'B' },
      { id: 3, label: 'c' },
    ]);
    const indexes = await rows(`select indexdef from pg_indexes where schemaname = '${db.schema}' and tablename = 'inc_merge'`);
    expect(indexes.map((i) => String(i.indexdef))).toEqual([expect.stringMatching(/CREATE UNIQUE INDEX .* USING btree \(id\)/)]);
  });

  it('on_schema_change append_new_columns adds the column, with null in the rows already there', async () => {
    expect(await rows(`select id, label, extra from ${s}.osc_append order by id`)).toEqual([
      { id: 1, label: 'a', extra: null },
      { id: 2, label: 'b2', extra: 20 },
    ]);
  });

  it('on_schema_change sync_all_columns drops the removed column, adds the new one, and changes the type', async () => {
    const columns = await rows(
      `select column_name, data_type from information_schema.columns where table_schema = '${db.schema}' and table_name = 'osc_sync' order by ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: 'id', data_type: 'bigint' },
      { column_name: 'extra', data_type: 'integer' },
    ]);
    const data = await rows(`select id::int as id, extra from ${s}.osc_sync order by id`);
    expect(data).toEqual([
      { id: 1, extra: null },
      { id: 2, extra: 20 },
    ]);
  });

  it('on_schema_change fail stops the model with exit 1, naming the new column, and leaves the table as it was', async () => {
    expect(second.stdout + second.stderr).toMatch(/osc_fail.*on_schema_change: fail.*nothing was changed[\s\S]*columns added in the model: extra \(integer\)/);
    expect(await rows(`select * from ${s}.osc_fail`)).toEqual([{ id: 1, label: 'a' }]);
  });

  it('nested ephemerals are inlined into the model that refs them and never built', async () => {
    expect(await rows(`select round, via from ${s}.uses_ephemeral`)).toEqual([{ round: 20, via: 'inner>outer>view' }]);
    const built = await rows(`select relname from pg_class c join pg_namespace n on n.oid = c.relnamespace where nspname = '${db.schema}' and relname like 'eph%'`);
    expect(built).toEqual([]);
    const compile = await runCli(['compile', '--select', 'uses_ephemeral'], dir);
    expect(compile.code).toBe(0);
    const compiled = await readFile(path.join(dir, 'target/compiled/mats/models/uses_ephemeral.sql'), 'utf8');
    // Both as CTEs, the inner one first since the outer one reads it.
    expect(compiled).toMatch(/^with __dbt__cte__eph_inner as \([\s\S]*__dbt__cte__eph_outer as \(/i);
  });

  it('a materialized view is refreshed on the second run', async () => {
    expect(afterFirst.mv_counts).toEqual([{ n: 3 }]);
    expect(await rows(`select n from ${s}.mv_counts`)).toEqual([{ n: 6 }]);
    const [kindRow] = await rows(`select relkind::text as k from pg_class where oid = '${db.schema}.mv_counts'::regclass`);
    expect(kindRow).toEqual({ k: 'm' });
    // Refreshed in place, not dropped and built again.
    expect(await rows(`select '${db.schema}.mv_counts'::regclass::oid::int as oid`)).toEqual(afterFirst.mv_oid);
  });

  it('pre and post hooks ran on both runs with {{ this }} rendered as the model’s relation', async () => {
    const log = await rows(`select relation, phase, round from ${s}.hook_log order by round, phase desc`);
    // dbt renders a relation as "database"."schema"."identifier".
    const [{ database }] = (await rows('select current_database() as database')) as [{ database: string }];
    const relation = `"${database}"."${db.schema}"."hooked"`;
    expect(log).toEqual([
      { relation, phase: 'pre', round: 1 },
      { relation, phase: 'post', round: 1 },
      { relation, phase: 'pre', round: 2 },
      { relation, phase: 'post', round: 2 },
    ]);
  });

  it('indexes, grants and persisted docs are in the catalog after the rebuild', async () => {
    const indexes = await rows(`select indexdef from pg_indexes where schemaname = '${db.schema}' and tablename = 'hooked' order by indexdef`);
    const defs = indexes.map((i) => String(i.indexdef));
    expect(defs).toHaveLength(2);
    expect(defs.some((d) => /UNIQUE INDEX .* USING btree \(id\)/.test(d))).toBe(true);
    expect(defs.some((d) => /USING hash \(label\)/.test(d))).toBe(true);

    const grants = await rows(
      `select privilege_type from information_schema.role_table_grants where table_schema = '${db.schema}' and table_name = 'hooked' and grantee = '${role}'`,
    );
    expect(grants).toEqual([{ privilege_type: 'SELECT' }]);

    const [docs] = await rows(
      `select obj_description('${db.schema}.hooked'::regclass, 'pg_class') as relation,
              col_description('${db.schema}.hooked'::regclass, 1) as id,
              col_description('${db.schema}.hooked'::regclass, 2) as label`,
    );
    expect(docs).toEqual({ relation: 'A table with hooks, indexes, grants and docs', id: "The row's id", label: 'What it is called' });
  });

  it('an enforced contract fails on a column type mismatch before touching the existing table', async () => {
    expect(second.stdout + second.stderr).toMatch(/contracted.*does not match the enforced contract[\s\S]*id: declared as integer, the query returns text/);
    expect(await rows(`select id, label from ${s}.contracted`)).toEqual([{ id: 1, label: 'a' }]);
    const [notNull] = await rows(
      `select is_nullable from information_schema.columns where table_schema = '${db.schema}' and table_name = 'contracted' and column_name = 'id'`,
    );
    expect(notNull).toEqual({ is_nullable: 'NO' });
  });

  it('a failing table rebuild leaves the previous table, its project view, and a view outside the project intact', async () => {
    expect(second.stdout + second.stderr).toContain('division by zero');
    expect(await rows(`select id, amount from ${s}.fragile order by id`)).toEqual([
      { id: 1, amount: 10 },
      { id: 2, amount: 20 },
    ]);
    const [oid] = await rows(`select '${db.schema}.fragile'::regclass::oid::int as oid`);
    expect(oid).toEqual(afterFirst.fragile_oid![0]);
    expect(await rows(`select total from ${s}.fragile_report`)).toEqual([{ total: 30 }]);
    expect(await rows(`select n from ${s}.outside_fragile`)).toEqual([{ n: 2 }]);
    expect(secondResults.get('fragile_report')!.message ?? '').toMatch(/fragile/);
  });

  it('full_refresh: false keeps an incremental model’s rows under --full-refresh; without it the model is rebuilt', async () => {
    expect(await rows(`select round from ${s}.protected order by round`)).toEqual([{ round: 1 }, { round: 2 }]);
    const refreshed = await runCli(['run', '--full-refresh', '--vars', '{round: 3}', '--select', 'protected', 'unprotected'], dir);
    expect(refreshed.code).toBe(0);
    expect(await rows(`select round from ${s}.protected order by round`)).toEqual([{ round: 1 }, { round: 2 }, { round: 3 }]);
    expect(await rows(`select round from ${s}.unprotected order by round`)).toEqual([{ round: 3 }]);
  }, TIMEOUT_MS);
});
