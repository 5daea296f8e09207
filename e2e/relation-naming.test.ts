import { afterAll, describe, expect, it } from 'vitest';
import { projectFrom, removeDir, runCli } from './cli-harness.js';
import { databaseKinds, prepareDatabase } from './database-under-test.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

describe.each(databaseKinds)("a project's own generate_schema_name / generate_alias_name on %s", (kind) => {
  it('names the relation, every ref to it and its own {{ this }} alike, also when the model sets schema and alias in its config()', async () => {
    const dir = await projectFrom({
      'project.yml': 'name: shop\nprofile: shop\n',
      'macros/naming.sql': `{% macro generate_schema_name(custom_schema_name, node) -%}
  {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
{% macro generate_alias_name(custom_alias_name, node) -%}
  x_{{ custom_alias_name or node.name }}
{%- endmacro %}
`,
      // {{ this }} is read before and after config() names the relation; both must be the relation built.
      'models/events.sql': `select '{{ this }}' as before_config, 1 as id
{{ config(materialized='incremental', schema=target.schema ~ '_cust', alias='events_log') }}
union all select '{{ this }}', 2
{% if is_incremental() %} union all select 'incremental run', (select count(*)::int from {{ this }}) {% endif %}
`,
      'models/event_count.sql': "select count(*) as n from {{ ref('events') }}\n",
    });
    const db = await prepareDatabase(kind, dir, 'shop');
    cleanups.push(() => db.cleanup(), () => removeDir(dir));
    const database = kind === 'postgres' ? 'test' : 'postgres';
    const relation = `"${database}"."${db.schema}_cust"."x_events_log"`;

    expect((await runCli(['run'], dir)).code).toBe(0);
    // The incremental run reads {{ this }}: it must be the table the first run built.
    const second = await runCli(['run'], dir);
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(await db.query(`select before_config, id from "${db.schema}_cust".x_events_log order by id, before_config`)).toEqual([
      { before_config: relation, id: 1 },
      { before_config: relation, id: 1 },
      { before_config: relation, id: 2 },
      { before_config: relation, id: 2 },
      { before_config: 'incremental run', id: 2 },
    ]);
    expect(await db.query(`select n::int from "${db.schema}".x_event_count`)).toEqual([{ n: 5 }]);
  }, 300_000);
});
