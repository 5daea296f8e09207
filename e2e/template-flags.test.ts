import { afterAll, describe, expect, it } from 'vitest';
import { projectFrom, removeDir, runCli } from './cli-harness.js';
import { databaseKinds, prepareDatabase } from './database-under-test.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

describe.each(databaseKinds)("dbt's flags and invocation_args_dict in templates on %s", (kind) => {
  it('tell a model which command runs it and with which flags', async () => {
    const dir = await projectFrom({
      'project.yml': 'name: shop\nprofile: shop\nmodels:\n  shop:\n    +materialized: table\n',
      'models/run_facts.sql': `select
  {{ flags.FULL_REFRESH }} as full_refresh,
  '{{ flags.WHICH }}' as which,
  '{{ invocation_args_dict.which }}' as which_arg,
  {{ flags.THREADS or 0 }} as threads,
  {{ flags.SELECT is none }} as no_select,
  {% if flags.FULL_REFRESH %} 'rebuilt' {% else %} 'kept' {% endif %} as mode
`,
    });
    const db = await prepareDatabase(kind, dir, 'shop');
    cleanups.push(() => db.cleanup(), () => removeDir(dir));

    const full = await runCli(['run', '--full-refresh', '--threads', '1'], dir);
    expect(full.code, full.stderr).toBe(0);
    expect(await db.query(`select * from "${db.schema}".run_facts`)).toEqual([
      { full_refresh: true, which: 'run', which_arg: 'run', threads: 1, no_select: true, mode: 'rebuilt' },
    ]);

    const build = await runCli(['build', '--select', 'run_facts'], dir);
    expect(build.code, build.stderr).toBe(0);
    expect(await db.query(`select * from "${db.schema}".run_facts`)).toEqual([
      { full_refresh: false, which: 'build', which_arg: 'build', threads: 0, no_select: false, mode: 'kept' },
    ]);
  }, 300_000);

  it("see dbt's graph at execute time: the project's nodes, for a model and for run-operation", async () => {
    const dir = await projectFrom({
      'project.yml': 'name: shop\nprofile: shop\nmodels:\n  shop:\n    +materialized: table\n',
      'models/orders.sql': 'select 1 as order_id\n',
      'models/model_census.sql': `{% if execute %}
{% set models = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model') | map(attribute='name') | sort | list %}
select {{ models | length }} as models, '{{ models | join(",") }}' as names
{% else %}
select 0 as models, '' as names
{% endif %}
`,
      'macros/census.sql': "{% macro census() %}{{ log('models: ' ~ (graph.nodes.values() | selectattr('resource_type', 'equalto', 'model') | list | length), info=True) }}{% endmacro %}\n",
    });
    const db = await prepareDatabase(kind, dir, 'shop');
    cleanups.push(() => db.cleanup(), () => removeDir(dir));
    const run = await runCli(['run'], dir);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(await db.query(`select models::int, names from "${db.schema}".model_census`)).toEqual([{ models: 2, names: 'model_census,orders' }]);
    const census = await runCli(['run-operation', 'census'], dir);
    expect(census.code, census.stderr).toBe(0);
    expect(census.stdout).toContain('models: 2');
  }, 300_000);
});
