/**
 * `strata seed` through the CLI: inferred and declared column types as the catalog shows them,
 * malformed files rejected with file, line and column while the loaded table keeps its rows, a
 * reload that keeps the table, and --full-refresh rebuilding it with new columns under a view.
 * One project per database (a PGlite project costs an initdb); the tests run in order on it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectFrom, removeDir, runCli } from './cli-harness.js';
import { databaseKinds, prepareDatabase, type ProjectDatabase } from './database-under-test.js';

const TIMEOUT_MS = 300_000;

const people = 'id,name,age,ip\n1,ann,30,10.0.0.1\n2,bob,17,10.0.0.2\n';
const peopleRows = [
  { id: 1, name: 'ann', age: 30, ip: '10.0.0.1' },
  { id: 2, name: 'bob', age: 17, ip: '10.0.0.2' },
];

const files = {
  'project.yml': `name: seeds_e2e
profile: seeds_e2e
seeds:
  seeds_e2e:
    people:
      +column_types:
        age: integer
        ip: inet
    typed:
      +column_types:
        zip: varchar(10)
`,
  'seeds/people.csv': people,
  // One column per inferred type, plus zip, which would be inferred as integer and lose its leading zero.
  'seeds/typed.csv': `id,big,huge,price,active,day,at,name,zip
1,3000000000,99999999999999999999,1.50,true,2024-01-31,2024-01-31 10:00:00,ann,01234
2,,1,2.25,false,2024-02-29,2024-02-29 23:59:59,,99999
`,
  'models/adults.sql': "select id, name from {{ ref('people') }} where age >= 18\n",
};

interface NodeResult {
  readonly unique_id: string;
  readonly status: string;
  readonly message: string | null;
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

describe.each(databaseKinds)('strata seed on %s', (kind) => {
  let dir: string;
  let db: ProjectDatabase;

  const peopleNow = () => db.query(`select id, name, age, host(ip) as ip from "${db.schema}".people order by id`);
  const peopleOid = async () => (await db.query(`select '"${db.schema}".people'::regclass::oid::int as oid`))[0]!.oid;
  const seedPeople = async (csv: string, ...flags: string[]) => {
    await writeFile(path.join(dir, 'seeds/people.csv'), csv);
    const result = await runCli(['seed', '--select', 'people', ...flags], dir);
    const results = JSON.parse(await readFile(path.join(dir, 'target/run_results.json'), 'utf8')).results as NodeResult[];
    return { ...result, output: result.stdout + result.stderr, results };
  };

  beforeAll(async () => {
    dir = await projectFrom(files);
    db = await prepareDatabase(kind, dir, 'seeds_e2e');
    cleanups.push(() => db.cleanup(), () => removeDir(dir));
    const build = await runCli(['build'], dir);
    expect(build.stdout + build.stderr).not.toMatch(/ERROR/);
    expect(build.code).toBe(0);
  }, TIMEOUT_MS);

  it('infers integer, bigint, numeric, float8, boolean, date, timestamp and text, and applies column_types', async () => {
    const columns = await db.query(
      `select column_name, data_type, character_maximum_length as length from information_schema.columns
        where table_schema = '${db.schema}' and table_name = 'typed' order by ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: 'id', data_type: 'integer', length: null },
      { column_name: 'big', data_type: 'bigint', length: null },
      { column_name: 'huge', data_type: 'numeric', length: null },
      { column_name: 'price', data_type: 'double precision', length: null },
      { column_name: 'active', data_type: 'boolean', length: null },
      { column_name: 'day', data_type: 'date', length: null },
      { column_name: 'at', data_type: 'timestamp without time zone', length: null },
      { column_name: 'name', data_type: 'text', length: null },
      { column_name: 'zip', data_type: 'character varying', length: 10 },
    ]);
    const rows = await db.query(
      `select id, big::text, huge::text, price, active, day::text, at::text, name, zip from "${db.schema}".typed order by id`,
    );
    expect(rows).toEqual([
      { id: 1, big: '3000000000', huge: '99999999999999999999', price: 1.5, active: true, day: '2024-01-31', at: '2024-01-31 10:00:00', name: 'ann', zip: '01234' },
      { id: 2, big: null, huge: '1', price: 2.25, active: false, day: '2024-02-29', at: '2024-02-29 23:59:59', name: null, zip: '99999' },
    ]);
    expect(await peopleNow()).toEqual(peopleRows);
  }, TIMEOUT_MS);

  it('a ragged row fails the seed with exit 1 at its file, line and column, and the table keeps its rows', async () => {
    const result = await seedPeople('id,name,age,ip\n1,ann,30,10.0.0.1\n2,bob\n');
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/seeds\/people\.csv:3:\d+: row has 2 values but the header names 4 columns/);
    expect(result.results.map((r) => [r.unique_id, r.status])).toEqual([['seed.seeds_e2e.people', 'error']]);
    expect(await peopleNow()).toEqual(peopleRows);
  }, TIMEOUT_MS);

  it('a value its declared type rejects fails at its file, line and column, and the table keeps its rows', async () => {
    const result = await seedPeople('id,name,age,ip\n1,ann,30,10.0.0.1\n3,cy,abc,10.0.0.3\n');
    expect(result.code).toBe(1);
    expect(result.output).toContain('seeds/people.csv:3:6: value "abc" in column "age" is not a whole number, so it cannot be integer');
    expect(await peopleNow()).toEqual(peopleRows);
  }, TIMEOUT_MS);

  it('a value only the database can reject (inet) rolls the reload back, and the error names file, line and column', async () => {
    const result = await seedPeople('id,name,age,ip\n1,ann,30,10.0.0.1\n3,cy,40,not-an-address\n');
    expect(result.code).toBe(1);
    expect(result.output).toContain('invalid input syntax for type inet: "not-an-address"');
    // The rollback: the table was emptied and reloaded in one transaction, so nothing is lost.
    expect(await peopleNow()).toEqual(peopleRows);
    // Where in the file: PostgreSQL's COPY names the data line and column; the file line is one more (the header).
    expect(result.output).toMatch(/seeds\/people\.csv:3\b/);
    expect(result.output).toMatch(/column "?ip"?/);
  }, TIMEOUT_MS);

  it('a reload with the same columns empties and refills the same table', async () => {
    const before = await peopleOid();
    const result = await seedPeople(`${people}3,cy,40,10.0.0.3\n`);
    expect(result.code).toBe(0);
    expect(await peopleNow()).toEqual([...peopleRows, { id: 3, name: 'cy', age: 40, ip: '10.0.0.3' }]);
    expect(await peopleOid()).toBe(before);
  }, TIMEOUT_MS);

  it('--full-refresh with changed columns rebuilds the table, and the view on it keeps working', async () => {
    const before = await peopleOid();
    const result = await seedPeople('id,name,age,email\n1,ann,31,ann@example.com\n4,dee,50,dee@example.com\n', '--full-refresh');
    expect(result.code).toBe(0);
    expect(result.output).toContain('rebuilt people (full refresh)');
    const columns = await db.query(
      `select column_name, data_type from information_schema.columns where table_schema = '${db.schema}' and table_name = 'people' order by ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: 'id', data_type: 'integer' },
      { column_name: 'name', data_type: 'text' },
      { column_name: 'age', data_type: 'integer' },
      { column_name: 'email', data_type: 'text' },
    ]);
    expect(await db.query(`select id, name, age, email from "${db.schema}".people order by id`)).toEqual([
      { id: 1, name: 'ann', age: 31, email: 'ann@example.com' },
      { id: 4, name: 'dee', age: 50, email: 'dee@example.com' },
    ]);
    expect(await peopleOid()).not.toBe(before);
    // The project's view was re-created on the new table in the swap, not dropped with the old one.
    expect(await db.query(`select id, name from "${db.schema}".adults order by id`)).toEqual([
      { id: 1, name: 'ann' },
      { id: 4, name: 'dee' },
    ]);
  }, TIMEOUT_MS);
});
