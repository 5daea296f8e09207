import { afterAll, describe, expect, it } from 'vitest';
import { projectFrom, removeDir, runCli } from './cli-harness.js';
import { databaseKinds, prepareDatabase } from './database-under-test.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

const files = {
  'project.yml': 'name: shop\nprofile: shop\nmodels:\n  shop:\n    +materialized: table\n',
  'models/orders.sql': 'select g as id from generate_series(1, 3) g\n',
  'macros/operations.sql': `{% macro record_grant(role, note='granted') %}
  {% set audit = target.schema ~ '.audit_log' %}
  {% do run_query('create table if not exists ' ~ audit ~ ' (role text, relation text, note text)') %}
  {% do run_query("insert into " ~ audit ~ " values ('" ~ role ~ "', '" ~ ref('orders') ~ "', '" ~ note ~ "')") %}
  {{ log('recorded a grant to ' ~ role ~ ' on ' ~ ref('orders'), info=True) }}
  {{ log('this one only goes to a debug log') }}
{% endmacro %}

{% macro try_and_undo() %}
  {# The macro's own transaction: every statement of an operation shares one session. #}
  {% do run_query('begin') %}
  {% do run_query("insert into " ~ target.schema ~ ".audit_log values ('undone', '', '')") %}
  {% do run_query('rollback') %}
{% endmacro %}

{% macro count_orders() %}
  {% set rows = run_query('select count(*) as n from ' ~ ref('orders')) %}
  {% if rows.columns[0].values()[0] != 3 %}
    {{ exceptions.raise_compiler_error('expected 3 orders, found ' ~ rows.columns[0].values()[0]) }}
  {% endif %}
  {{ log('3 orders', info=True) }}
{% endmacro %}

{% macro broken() %}
  {% do run_query('select * from no_such_table') %}
{% endmacro %}
`,
};

describe.each(databaseKinds)('strata run-operation on %s', (kind) => {
  it('calls a macro with --args against the target: its statements run and commit, log(info=True) prints, ref names the relation', async () => {
    const dir = await projectFrom(files);
    const db = await prepareDatabase(kind, dir, 'shop');
    cleanups.push(() => db.cleanup(), () => removeDir(dir));
    expect((await runCli(['run'], dir)).code).toBe(0);

    const granted = await runCli(['run-operation', 'record_grant', '--args', '{role: reporter, note: "for the dashboard"}'], dir);
    expect(granted.code, granted.stderr).toBe(0);
    expect(granted.stdout).toContain(`recorded a grant to reporter on "${kind === 'postgres' ? 'test' : 'postgres'}"."${db.schema}"."orders"`);
    expect(granted.stdout).not.toContain('debug log');
    expect(await db.query(`select role, note from "${db.schema}".audit_log`)).toEqual([{ role: 'reporter', note: 'for the dashboard' }]);

    // A macro's own begin … rollback holds: the statements share a session and nothing commits them behind its back.
    expect((await runCli(['run-operation', 'try_and_undo'], dir)).code).toBe(0);
    expect(await db.query(`select count(*)::int as n from "${db.schema}".audit_log`)).toEqual([{ n: 1 }]);

    // --sql: SQL with Jinja, rendered with ref and run.
    const sql = await runCli(['run-operation', '--sql', `insert into {{ target.schema }}.audit_log select 'sql', '{{ ref("orders") }}', count(*)::text from {{ ref('orders') }}`], dir);
    expect(sql.code, sql.stderr).toBe(0);
    expect(await db.query(`select note from "${db.schema}".audit_log where role = 'sql'`)).toEqual([{ note: '3' }]);

    // run_query results are agate-like tables the macro can inspect.
    const counted = await runCli(['run-operation', 'count_orders'], dir);
    expect(counted.code, counted.stderr).toBe(0);
    expect(counted.stdout).toContain('3 orders');
  }, 300_000);

  it('fails with exit 1 naming the macro file and line, and with exit 2 for a macro that does not exist', async () => {
    const dir = await projectFrom(files);
    const db = await prepareDatabase(kind, dir, 'shop');
    cleanups.push(() => db.cleanup(), () => removeDir(dir));

    const broken = await runCli(['run-operation', 'broken'], dir);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('macros/operations.sql:25:9:');
    expect(broken.stderr).toContain('macro broken failed: relation "no_such_table" does not exist');
    expect(broken.stderr).not.toMatch(/\n\s+at /);

    const unknown = await runCli(['run-operation', 'record_grnt'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("no macro named 'record_grnt'");
    expect(unknown.stderr).toContain("Did you mean 'record_grant'?");

    const badArgs = await runCli(['run-operation', 'record_grant', '--args', '[reporter]'], dir);
    expect(badArgs.code).toBe(2);
    expect(badArgs.stderr).toContain('--args must be a YAML mapping');
  }, 300_000);
});

describe.each(databaseKinds)("the example project's drop_target_schemas on %s", (kind) => {
  it("drops a CI target's schemas and refuses any other target", async () => {
    const { copyExampleProject } = await import('./cli-harness.js');
    const dir = await copyExampleProject();
    const db = await prepareDatabase(kind, dir, 'football_stats');
    cleanups.push(() => db.cleanup(), () => removeDir(dir));
    // The database under test as two targets: ci_test (what the macro is for) and prod (what it refuses).
    const { readFile, writeFile } = await import('node:fs/promises');
    const profilePath = `${dir}/profiles.yml`;
    const server = await readFile(profilePath, 'utf8').catch(() => undefined);
    const output = server
      ? server.slice(server.indexOf('    server:\n') + '    server:\n'.length)
      : `      type: pglite\n      path: .strata/pglite\n      schema: ${db.schema}\n`;
    await writeFile(profilePath, `football_stats:\n  target: ci_test\n  outputs:\n    ci_test:\n${output}    prod:\n${output}`);

    const built = await runCli(['build'], dir);
    expect(built.code, built.stdout + built.stderr).toBe(0);
    const refused = await runCli(['run-operation', 'drop_target_schemas', '--target', 'prod'], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("drops only a CI target's schemas");
    expect(await db.query(`select count(*)::int as n from "${db.schema}_staging".stg_players`)).not.toEqual([]);

    const dropped = await runCli(['run-operation', 'drop_target_schemas'], dir);
    expect(dropped.code, dropped.stderr).toBe(0);
    expect(dropped.stdout).toContain(`dropped schema ${db.schema}_staging`);
    expect(await db.query(`select nspname from pg_namespace where nspname like '${db.schema}\\_%'`)).toEqual([]);
  }, 300_000);
});
