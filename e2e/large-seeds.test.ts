/**
 * A seed large enough to start loading from columns guessed on its first rows while the rest of the
 * file is still being read, sent in COPY's binary format (src/materialize/csv/seed-guess.ts). What
 * users see must not depend on it: the types are the whole file's, a later row that changes a
 * column's type loads the file again with the right one, and a later broken row fails with its line
 * while the table keeps its rows.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectFrom, removeDir, runCli } from './cli-harness.js';
import { databaseKinds, prepareDatabase, type ProjectDatabase } from './database-under-test.js';

const TIMEOUT_MS = 300_000;

/** Enough rows for more than 8 MiB (the size from which a seed's columns are guessed). */
const ROWS = 160_000;

/** The seed's rows, with `extra` rows put after row `after` (the middle of the file by default). */
function eventsCsv(extra: readonly string[] = [], after = ROWS / 2): string {
  const lines = ['id,amount,day,label'];
  for (let i = 1; i <= ROWS; i++) {
    // Every seventh label is spelled `null`, which dbt loads as NULL.
    lines.push(`${i},${i % 1000},2024-01-${String((i % 28) + 1).padStart(2, '0')},${i % 7 ? `event number ${i} of the large seed` : 'null'}`);
    if (i === after) lines.push(...extra);
  }
  return `${lines.join('\n')}\n`;
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

describe.each(databaseKinds)('a large seed on %s', (kind) => {
  let dir: string;
  let db: ProjectDatabase;

  const columnTypes = async () =>
    Object.fromEntries(
      (
        await db.query(`select column_name, data_type from information_schema.columns where table_schema = '${db.schema}' and table_name = 'events' order by ordinal_position`)
      ).map((row) => [row.column_name, row.data_type]),
    );
  const seedEvents = async (csv: string) => {
    expect(csv.length).toBeGreaterThan(8 << 20);
    await writeFile(path.join(dir, 'seeds/events.csv'), csv);
    const result = await runCli(['seed', '--select', 'events'], dir);
    return { ...result, output: result.stdout + result.stderr };
  };

  beforeAll(async () => {
    dir = await projectFrom({
      'project.yml': 'name: large_seeds\nprofile: large_seeds\nseeds:\n  large_seeds:\n    readings:\n      +column_types:\n        sensor: varchar(12)\n',
      'seeds/events.csv': 'id\n',
      'seeds/readings.csv': 'sensor\n',
    });
    db = await prepareDatabase(kind, dir, 'large_seeds');
    cleanups.push(() => db.cleanup(), () => removeDir(dir));
  }, TIMEOUT_MS);

  it('loads every row with the types of the whole file', async () => {
    const result = await seedEvents(eventsCsv());
    expect(result.output).not.toMatch(/ERROR/);
    expect(result.code).toBe(0);
    expect(await columnTypes()).toEqual({ id: 'integer', amount: 'integer', day: 'date', label: 'text' });
    expect(await db.query(`select count(*)::int as n, sum(id)::bigint::text as ids, count(label)::int as labels from "${db.schema}".events`)).toEqual([
      { n: ROWS, ids: String((ROWS * (ROWS + 1)) / 2), labels: ROWS - Math.floor(ROWS / 7) },
    ]);
  }, TIMEOUT_MS);

  it('a row in the middle that changes two columns\' types loads the file again with the types it needs', async () => {
    // `2.5` does not fit the integer guessed from the first rows; a timestamp in the date column would
    // be cut to its date by a CSV load: both must end as inference over the whole file says.
    const result = await seedEvents(eventsCsv([`${ROWS + 1},2.5,2024-02-01 10:30:00,the odd event`]));
    expect(result.output).not.toMatch(/ERROR/);
    expect(result.code).toBe(0);
    expect(result.output).toContain('read seeds/events.csv whole and loaded it again: rows after its first ones did not fit the columns those pointed to');
    expect(await columnTypes()).toEqual({ id: 'integer', amount: 'double precision', day: 'text', label: 'text' });
    expect(await db.query(`select count(*)::int as n from "${db.schema}".events`)).toEqual([{ n: ROWS + 1 }]);
    expect(await db.query(`select amount, day, label from "${db.schema}".events where id = ${ROWS + 1}`)).toEqual([
      { amount: 2.5, day: '2024-02-01 10:30:00', label: 'the odd event' },
    ]);
  }, TIMEOUT_MS);

  it('a broken last row fails with its line, and the table keeps its rows', async () => {
    const result = await seedEvents(eventsCsv([`${ROWS + 1},7`], ROWS));
    expect(result.code).toBe(1);
    expect(result.output).toContain(`seeds/events.csv:${ROWS + 2}:`);
    expect(result.output).toContain('row has 2 values but the header names 4 columns');
    expect(await db.query(`select count(*)::int as n from "${db.schema}".events`)).toEqual([{ n: ROWS + 1 }]);
    expect(await columnTypes()).toEqual({ id: 'integer', amount: 'double precision', day: 'text', label: 'text' });
    const results = JSON.parse(await readFile(path.join(dir, 'target/run_results.json'), 'utf8')).results as { status: string }[];
    expect(results.map((r) => r.status)).toEqual(['error']);
  }, TIMEOUT_MS);

  // A declared column type has no binary form here: the file goes as CSV, and the guess is checked
  // once the COPY has taken it, before the commit.
  const readingsCsv = (extra: readonly string[] = []) => {
    const lines = ['sensor,reading_id,value,taken_on'];
    // Short rows: 352,000 of them pass 8 MiB.
    for (let i = 1; i <= 2.2 * ROWS; i++) {
      lines.push(`s-${i % 97},${i},${i % 500},2024-03-${String((i % 28) + 1).padStart(2, '0')}`);
      if (i === ROWS) lines.push(...extra);
    }
    return `${lines.join('\n')}\n`;
  };
  const seedReadings = async (csv: string) => {
    expect(csv.length).toBeGreaterThan(8 << 20);
    await writeFile(path.join(dir, 'seeds/readings.csv'), csv);
    const result = await runCli(['seed', '--select', 'readings'], dir);
    return { ...result, output: result.stdout + result.stderr };
  };
  const readingsTypes = async () =>
    Object.fromEntries(
      (
        await db.query(`select column_name, data_type from information_schema.columns where table_schema = '${db.schema}' and table_name = 'readings' order by ordinal_position`)
      ).map((row) => [row.column_name, row.data_type]),
    );

  it('a large seed with a declared column type loads as CSV, and a later row that changes a type loads it again', async () => {
    const first = await seedReadings(readingsCsv());
    expect(first.output).not.toMatch(/ERROR/);
    expect(first.code).toBe(0);
    expect(await readingsTypes()).toEqual({ sensor: 'character varying', reading_id: 'integer', value: 'integer', taken_on: 'date' });
    expect(await db.query(`select count(*)::int as n from "${db.schema}".readings`)).toEqual([{ n: 2.2 * ROWS }]);

    const second = await seedReadings(readingsCsv(['s-odd,0,7.25,2024-03-01']));
    expect(second.output).not.toMatch(/ERROR/);
    expect(second.code).toBe(0);
    expect(second.output).toContain('read seeds/readings.csv whole and loaded it again');
    expect(await readingsTypes()).toEqual({ sensor: 'character varying', reading_id: 'integer', value: 'double precision', taken_on: 'date' });
    expect(await db.query(`select count(*)::int as n, sum(value)::float8 as total from "${db.schema}".readings where sensor = 's-odd'`)).toEqual([{ n: 1, total: 7.25 }]);
  }, TIMEOUT_MS);
});
