import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StrataError } from '../errors/strata-error.js';
import { materializeSeed } from './seed.js';
import { planText } from './testing-incremental/plan-text.js';
import { testInput, testSeed } from './testing-incremental/nodes.js';
import {
  createTestSchema,
  dropTestSchema,
  openTestDatabase,
  runPlan,
  testDatabaseKinds,
  testDatabaseState,
  type TestDatabase,
} from './testing-incremental/test-database.js';

for (const kind of testDatabaseKinds()) {
  describe(`seed on ${kind}`, () => {
    let db: TestDatabase;
    let schema: string;
    let run = 0;
    beforeAll(async () => {
      db = await openTestDatabase(kind);
    });
    afterAll(async () => {
      await db.close();
    });
    afterEach(async () => {
      if (schema) await dropTestSchema(db, schema);
    });

    async function load(name: string, csv: string, config: Record<string, unknown> = {}, fullRefresh = false) {
      run += 1;
      const plan = await materializeSeed(testInput(testSeed(name, schema, config), '', `run${run}`, fullRefresh), testDatabaseState(db), csv);
      await runPlan(db, plan);
      return plan;
    }
    const columnTypes = (table: string) =>
      db.query(
        `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type from pg_attribute a
         where a.attrelid = to_regclass($1) and a.attnum > 0 and not a.attisdropped order by a.attnum`,
        [`"${schema}"."${table}"`],
      );

    it('infers each column type and loads the values', async () => {
      schema = await createTestSchema(db, 'seed_infer');
      await load(
        'kinds',
        [
          'i,big,f,d,ts,iso,b,t,empty',
          '1,3000000000,1.5,2024-01-05,2024-01-05 10:00:00,2024-01-05T10:00:00Z,true,hello,',
          '-2,1,"1,000",2024-02-29,2024-02-29 23:59:59,2024-02-29T23:59:59Z,FALSE,"a ""quoted"", text",null',
        ].join('\n'),
      );
      expect(await columnTypes('kinds')).toEqual([
        { name: 'i', type: 'integer' },
        { name: 'big', type: 'bigint' },
        { name: 'f', type: 'double precision' },
        { name: 'd', type: 'date' },
        { name: 'ts', type: 'timestamp without time zone' },
        { name: 'iso', type: 'timestamp without time zone' },
        { name: 'b', type: 'boolean' },
        { name: 't', type: 'text' },
        { name: 'empty', type: 'integer' },
      ]);
      const rows = await db.query(
        `select i, big::text as big, f, d::text as d, ts::text as ts, iso::text as iso, b, t, empty from "${schema}".kinds order by i`,
      );
      expect(rows).toEqual([
        { i: -2, big: '1', f: 1000, d: '2024-02-29', ts: '2024-02-29 23:59:59', iso: '2024-02-29 23:59:59', b: false, t: 'a "quoted", text', empty: null },
        { i: 1, big: '3000000000', f: 1.5, d: '2024-01-05', ts: '2024-01-05 10:00:00', iso: '2024-01-05 10:00:00', b: true, t: 'hello', empty: null },
      ]);
    });

    it('loads a file sent as it is: quoted delimiters and quotes, a line break inside a value, empty values as NULL, no final line break', async () => {
      schema = await createTestSchema(db, 'seed_as_is');
      await load('notes', 'id,note,amount\n1,"a, ""b""",4357.61\n2,,\n3,"two\nlines",-4');
      expect(await db.query(`select id, note, amount from "${schema}".notes order by id`)).toEqual([
        { id: 1, note: 'a, "b"', amount: 4357.61 },
        { id: 2, note: null, amount: null },
        { id: 3, note: 'two\nlines', amount: -4 },
      ]);
    });

    it('uses column_types, the delimiter and quote_columns', async () => {
      schema = await createTestSchema(db, 'seed_config');
      await load('zips', 'Zip|City Name\n01234|Springfield\n99501|Anchorage\n', { delimiter: '|', column_types: { Zip: 'varchar(5)' } });
      expect(await columnTypes('zips')).toEqual([
        { name: 'Zip', type: 'character varying(5)' },
        { name: 'City Name', type: 'text' },
      ]);
      expect(await db.query(`select "Zip" as zip from "${schema}".zips order by 1`)).toEqual([{ zip: '01234' }, { zip: '99501' }]);

      await load('folded', 'ID;Label\n1;a\n', { delimiter: ';', quote_columns: false });
      expect((await columnTypes('folded')).map((c) => c.name)).toEqual(['id', 'label']);
    });

    it('replaces the rows on reload (truncate when columns fit, swap when they change) and keeps dependent views', async () => {
      schema = await createTestSchema(db, 'seed_reload');
      await load('people', 'id,name\n1,Ann\n2,Bo\n');
      await db.query(`create view "${schema}".people_names as select name from "${schema}".people`);

      const refill = await load('people', 'id,name\n2,Bo\n3,Cy\n');
      expect(planText(refill)).toContain('truncate table');
      expect(await db.query(`select id, name from "${schema}".people order by id`)).toEqual([
        { id: 2, name: 'Bo' },
        { id: 3, name: 'Cy' },
      ]);

      const rebuilt = await load('people', 'id,name,age\n4,Di,40\n');
      expect(rebuilt.notes).toContain('rebuilt people: the file\'s columns changed');
      expect(await db.query(`select id, name, age from "${schema}".people`)).toEqual([{ id: 4, name: 'Di', age: 40 }]);
      expect(await db.query(`select name from "${schema}".people_names`)).toEqual([{ name: 'Di' }]);

      await load('people', 'id,name,age\n5,Ed,50\n', {}, true);
      expect(await db.query(`select id from "${schema}".people`)).toEqual([{ id: 5 }]);
      const leftovers = await db.query(`select relname from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and relname like '%strata%'`, [schema]);
      expect(leftovers).toEqual([]);
    });

    it('rejects a malformed file with file:line:column and leaves the previous table as it was', async () => {
      schema = await createTestSchema(db, 'seed_bad');
      await load('orders', 'id,amount\n1,10\n2,20\n', { column_types: { amount: 'integer' } });
      let error: unknown;
      try {
        await load('orders', 'id,amount\n3,30\n4,forty\n', { column_types: { amount: 'integer' } });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(StrataError);
      expect((error as StrataError).where).toBe('seeds/orders.csv:3:3');
      expect((error as StrataError).message).toBe('value "forty" in column "amount" is not a whole number, so it cannot be integer');

      await expect(load('orders', 'id,amount\n3,30\n4,40,extra\n')).rejects.toThrow('row has 3 values but the header names 2 columns');
      expect(await db.query(`select id, amount from "${schema}".orders order by id`)).toEqual([
        { id: 1, amount: 10 },
        { id: 2, amount: 20 },
      ]);
    });
  });
}

describe('seed plans (golden)', () => {
  const state = testDatabaseStateFixed();
  it('first load creates the table and copies the rows', async () => {
    const plan = await materializeSeed(testInput(testSeed('colors', 'analytics'), '', 'r1'), state.missing, 'id,color\n1,red\n2,"dark, blue"\n');
    await expect(planText(plan)).toMatchFileSnapshot('./__golden__/seed-first-load.sql');
  });
  it('reload of a table whose columns fit truncates and copies in one transaction', async () => {
    const plan = await materializeSeed(testInput(testSeed('colors', 'analytics'), '', 'r2'), state.fitting, 'id,color\n3,green\n');
    await expect(planText(plan)).toMatchFileSnapshot('./__golden__/seed-reload.sql');
  });
});

/** DatabaseStates answering without a database: the seed's table missing, or present with fitting columns. */
function testDatabaseStateFixed() {
  const base = {
    columns: async () => [
      { name: 'id', data_type: 'integer' },
      { name: 'color', data_type: 'text' },
    ],
    queryColumns: async () => [],
    dependentViews: async () => [],
    serverVersionNum: async () => 150000,
    listRelations: async () => [],
  };
  return {
    missing: { ...base, relation: async () => undefined },
    fitting: { ...base, relation: async () => ({ name: { database: 'test', schema: 'analytics', identifier: 'colors' }, kind: 'table' as const }) },
  };
}
