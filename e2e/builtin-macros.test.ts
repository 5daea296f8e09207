import { afterAll, describe, expect, it } from 'vitest';
import { projectFrom, removeDir, runCli } from './cli-harness.js';
import { databaseKinds, prepareDatabase } from './database-under-test.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

/** dbt's cross-database macros, qualified (dbt.x) and not, with what dbt-postgres gives for each. */
const crossDatabaseModel = "select\n  {{ dbt.dateadd('day', 3, \"date '2024-01-30'\") }} as d_add,\n  {{ dbt.datediff(\"date '2024-01-01'\", \"date '2024-03-15'\", 'day') }} as dd_day,\n  {{ datediff(\"date '2023-12-31'\", \"date '2024-01-01'\", 'year') }} as dd_year,\n  {{ dbt.datediff(\"date '2024-01-31'\", \"date '2024-03-01'\", 'month') }} as dd_month,\n  {{ dbt.datediff(\"date '2024-01-06'\", \"date '2024-01-07'\", 'week') }} as dd_week,\n  {{ dbt.datediff(\"timestamp '2024-01-01 00:00'\", \"timestamp '2024-01-01 05:30'\", 'minute') }} as dd_minute,\n  {{ dbt.date_trunc('month', \"date '2024-03-15'\") }} as trunc_month,\n  {{ dbt.last_day(\"date '2024-02-10'\", 'month') }} as last_feb,\n  {{ dbt.last_day(\"date '2024-02-10'\", 'quarter') }} as last_q1,\n  {{ dbt.safe_cast(\"'42'\", dbt.type_int()) }} as casted,\n  {{ dbt.concat([\"'a'\", \"'b'\"]) }} as ab,\n  {{ dbt.hash(\"'x'\") }} as hashed,\n  {{ dbt.split_part(\"'a,b,c'\", \"','\", 2) }} as second,\n  {{ dbt.split_part(\"'a,b,c'\", \"','\", -1) }} as last_part,\n  {{ dbt.string_literal(\"it's\") }} as lit,\n  {{ dbt.replace(\"'abc'\", \"'b'\", \"'x'\") }} as replaced,\n  {{ dbt.right(\"'abcdef'\", 2) }} as right2,\n  {{ dbt.length(\"'abc'\") }} as len,\n  {{ dbt.position(\"'b'\", \"'abc'\") }} as pos,\n  {{ dbt.cast_bool_to_text(\"true\") }} as booltext,\n  {{ dbt.array_construct([1, 2, 3]) }} as arr,\n  {{ dbt.date(2024, 2, 29) }} as made,\n  '{{ dbt.type_string() }}|{{ type_timestamp() }}|{{ dbt.type_numeric() }}|{{ dbt.type_bigint() }}' as types,\n  {{ dbt.current_timestamp() }} is not null as now_ok,\n  '{{ default__generate_schema_name(\"x\", none) }}' as schema_name\n";

describe.each(databaseKinds)("dbt's built-in macros on %s", (kind) => {
  it('cross-database macros give what dbt-postgres gives', async () => {
    const dir = await projectFrom({
      'project.yml': 'name: shop\nprofile: shop\nmodels:\n  shop:\n    +materialized: table\n',
      'models/x.sql': crossDatabaseModel,
      'models/agg.sql':
        "select {{ dbt.listagg('v', \"'-'\", 'order by v') }} as joined, {{ dbt.listagg('v', \"','\", 'order by v desc', 2) }} as top2, {{ dbt.any_value('v') }} as one, {{ bool_or('n > 2') }} as any_big\nfrom (values ('a', 1), ('b', 2), ('c', 3)) t(v, n)\n",
      'models/series.sql': 'select * from ({{ dbt.generate_series(4) }}) s\n',
    });
    const db = await prepareDatabase(kind, dir, 'shop');
    cleanups.push(() => db.cleanup(), () => removeDir(dir));
    const run = await runCli(['run'], dir);
    expect(run.code, run.stdout + run.stderr).toBe(0);

    const [row] = await db.query(
      `select *, d_add::text as d_add, trunc_month::date::text as trunc_month, last_feb::text as last_feb, last_q1::text as last_q1, made::text as made from "${db.schema}".x`,
    );
    expect(row).toMatchObject({
      d_add: '2024-02-02 00:00:00', // date '2024-01-30' + 3 days
      trunc_month: '2024-03-01',
      dd_day: 74, // days between 2024-01-01 and 2024-03-15
      dd_year: 1, // one year boundary between 2023-12-31 and 2024-01-01
      dd_month: 2,
      dd_week: 1, // Saturday to Sunday crosses a week boundary
      dd_minute: 330,
      last_feb: '2024-02-29',
      last_q1: '2024-03-31',
      casted: 42,
      ab: 'ab',
      hashed: '9dd4e461268c8034f5c8564e155c67a6', // md5('x')
      second: 'b',
      last_part: 'c',
      lit: "it's",
      replaced: 'axc',
      right2: 'ef',
      len: 3,
      pos: 2,
      booltext: 'true',
      arr: [1, 2, 3],
      made: '2024-02-29',
      types: 'TEXT|TIMESTAMP|numeric(28,6)|bigint',
      now_ok: true,
      schema_name: `${db.schema}_x`,
    });
    expect(await db.query(`select joined, top2, one, any_big from "${db.schema}".agg`)).toEqual([{ joined: 'a-b-c', top2: 'c,b', one: 'a', any_big: true }]);
    expect((await db.query(`select generated_number::int as n from "${db.schema}".series order by 1`)).map((r) => r.n)).toEqual([1, 2, 3, 4]);
  }, 300_000);

  it("a project's generate_schema_name may end in dbt's default__generate_schema_name", async () => {
    const dir = await projectFrom({
      'project.yml': 'name: shop\nprofile: shop\nmodels:\n  shop:\n    marts:\n      +schema: marts\n',
      'macros/naming.sql': `{% macro generate_schema_name(custom_schema_name, node) -%}
  {%- if node.resource_type == 'seed' -%}raw{%- else -%}{{ default__generate_schema_name(custom_schema_name, node) }}{%- endif -%}
{%- endmacro %}
`,
      'models/marts/orders.sql': 'select 1 as id\n',
    });
    const db = await prepareDatabase(kind, dir, 'shop');
    cleanups.push(() => db.cleanup(), () => removeDir(dir));
    const run = await runCli(['run'], dir);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(await db.query(`select id from "${db.schema}_marts".orders`)).toEqual([{ id: 1 }]);
  }, 300_000);

  it("adapter.get_columns_in_relation gives dbt's Column objects, as dbt_utils.star and friends use them", async () => {
    const dir = await projectFrom({
      'project.yml': 'name: shop\nprofile: shop\nmodels:\n  shop:\n    +materialized: table\n',
      'models/base.sql': "select 1 as id, 'x'::varchar(20) as code, 'y'::text as note, 1.5::numeric(10,2) as price, true as active\n",
      'macros/star.sql': `{% macro star_except(relation, except=[]) -%}
  {%- set cols = adapter.get_columns_in_relation(relation) if execute else [] -%}
  {{- cols | rejectattr('column', 'in', except) | map(attribute='quoted') | join(', ') if cols else '*' -}}
{%- endmacro %}
`,
      'models/slim.sql': "select {{ star_except(ref('base'), except=['note']) }} from {{ ref('base') }}\n",
      'models/described.sql': `{%- set cols = adapter.get_columns_in_relation(ref('base')) if execute else [] -%}
select {% for col in cols %}'{{ col.dtype }}|{{ col.is_string() }}|{{ col.is_number() }}|{{ col.string_size() if col.is_string() else '' }}' as {{ col.name }}{{ ', ' if not loop.last }}{% endfor %}{% if not cols %}1 as none{% endif %}
`,
    });
    const db = await prepareDatabase(kind, dir, 'shop');
    cleanups.push(() => db.cleanup(), () => removeDir(dir));
    const run = await runCli(['run'], dir);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const columns = await db.query(`select column_name from information_schema.columns where table_schema = '${db.schema}' and table_name = 'slim' order by ordinal_position`);
    expect(columns.map((c) => c.column_name)).toEqual(['id', 'code', 'price', 'active']);
    expect(await db.query(`select * from "${db.schema}".described`)).toEqual([
      { id: 'integer|False|True|', code: 'character varying|True|False|20', note: 'text|True|False|256', price: 'numeric|False|True|', active: 'boolean|False|False|' },
    ]);
  }, 300_000);
});
