/**
 * Values written in COPY's binary format must be exactly what PostgreSQL reads from their text: the
 * same file is loaded both ways, as binary by BinaryRowWriter and as CSV parsed by the server, and the
 * two tables compared row for row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../../adapters/adapter.js';
import { openAdapter } from '../../adapters/open-adapter.js';
import { testTarget, testTargetKinds, uniqueSchemaName } from '../../adapters/testing/test-targets.js';
import { BinaryRowWriter, type BinaryKind } from './binary-rows.js';
import { copySource, copyStatement } from './copy-statement.js';
import { CsvScanner, type CsvRecord } from './read-csv.js';

const columns: readonly [string, BinaryKind, string][] = [
  ['n_int', 'integer', 'integer'],
  ['n_big', 'bigint', 'bigint'],
  ['n_float', 'float8', 'float8'],
  ['flag', 'boolean', 'boolean'],
  ['day', 'date', 'date'],
  ['at', 'timestamp', 'timestamp without time zone'],
  ['at_iso', 'timestamp_iso', 'timestamp without time zone'],
  ['words', 'text', 'text'],
];

/** Values of each column, in spellings the writer sends as binary (cycled to fill the rows). */
const values: Record<string, readonly string[]> = {
  n_int: ['0', '-0', '7', '007', '-1', '2147483647', '-2147483648', '123456', ''],
  n_big: ['0', '-1', '2147483648', '9223372036854775807', '-9223372036854775808', '42', ''],
  n_float: ['0', '-0', '1.5', '-2.25', '.5', '5.', '0.1', '0.3', '123456789.012345', '1e10', '-1.5E-7', '9007199254740993', '3.141592653589793238', '1e308', '2.2250738585072014e-308', ''],
  flag: ['true', 'false', 'TRUE', 'False', ''],
  day: ['2000-01-01', '1999-12-31', '1970-01-01', '2024-02-29', '1900-02-28', '0001-01-01', '9999-12-31', '1600-03-01', ''],
  at: ['2000-01-01 00:00:00', '1969-12-31 23:59:59', '2024-02-29 12:34:56', '0001-01-01 00:00:00', '9999-12-31 23:59:59', '1850-06-15 06:07:08', ''],
  at_iso: ['2000-01-01T00:00:00', '1969-12-31T23:59:59.5', '2024-02-29T12:34:56', '2024-01-01T10:00:00.123456', '0001-01-01T00:00:00', '9999-12-31T23:59:59.999999', '1850-06-15T06:07:08.01', ''],
  words: ['plain', '"with, comma"', '"say ""hi"""', '"two\nlines"', 'héllo wörld', '日本語', '"emoji 🎉"', '"  padded  "', '""', 'NULL', 'a'],
};

const ROWS = 60;

function csvText(): string {
  const lines = [columns.map(([name]) => name).join(',')];
  for (let row = 0; row < ROWS; row++) lines.push(columns.map(([name]) => values[name]![row % values[name]!.length]).join(','));
  return `${lines.join('\n')}\n`;
}

/** The rows of `text` after its header, written as binary; fails the test if a value is refused. */
function binaryOf(text: string): Buffer[] {
  const writer = new BinaryRowWriter(columns.map(([, kind]) => kind));
  const refused: number[] = [];
  new CsvScanner(text, { file: 'values.csv' }, (record: CsvRecord) => {
    if (record.index > 0 && !writer.write(record)) refused.push(record.line);
  }).scanTo(text.length);
  expect(refused).toEqual([]);
  return [...writer.take(), BinaryRowWriter.trailer()];
}

describe.each(testTargetKinds)('COPY binary rows on %s', (kind) => {
  let adapter: Adapter;
  const schema = uniqueSchemaName('strata_binary');

  beforeAll(async () => {
    const { target, projectDir } = testTarget(kind);
    adapter = await openAdapter(target, { projectDir });
    await adapter.withConnection((c) => c.query(`create schema "${schema}"`));
  });
  afterAll(async () => {
    if (!adapter) return;
    await adapter.withConnection((c) => c.query(`drop schema if exists "${schema}" cascade`));
    await adapter.close();
  });

  it('load the same rows as the server reads from the CSV text', async () => {
    const text = csvText();
    const body = text.slice(text.indexOf('\n') + 1);
    const definition = columns.map(([name, , type]) => `"${name}" ${type}`).join(', ');
    const names = columns.map(([name]) => name);
    const chunks = binaryOf(text);
    await adapter.withConnection(async (c) => {
      await c.query(`create table "${schema}".from_text (${definition}); create table "${schema}".from_binary (${definition})`);
      const viaText = copyStatement({ database: adapter.database, schema, identifier: 'from_text' }, names, { csv: body }, 'text');
      // agate reads a quoted empty value as NULL, as the binary writer does; the server's CSV reading needs telling.
      const forceNull = (sql: string) => sql.replace("null '')", "null '', force_null (words))");
      expect(await c.copy({ fromStdin: forceNull(viaText.sql), fromBlob: forceNull(viaText.copyFrom.blobSql) }, body)).toBe(ROWS);
      const viaBinary = copyStatement({ database: adapter.database, schema, identifier: 'from_binary' }, names, { binary: async function* () { yield* chunks; } }, 'binary');
      expect(await c.copy({ fromStdin: viaBinary.sql, fromBlob: viaBinary.copyFrom.blobSql }, copySource(viaBinary.copyFrom))).toBe(ROWS);
      // agate's `NULL` spelling reaches the server as text; the writer sends NULL, as dbt loads it.
      await c.query(`update "${schema}".from_text set words = null where words = 'NULL'`);
    });
    const compare = async (a: string, b: string) =>
      (await adapter.withConnection((c) => c.query(`select count(*)::int as n from (select * from "${schema}".${a} except all select * from "${schema}".${b}) d`))).rows[0]!.n;
    expect(await compare('from_binary', 'from_text')).toBe(0);
    expect(await compare('from_text', 'from_binary')).toBe(0);
  });

  it('refuses spellings whose binary form is not certain, leaving the CSV load to read them', () => {
    const refusedSpellings: [BinaryKind, string][] = [
      ['integer', '+5'],
      ['integer', '2147483648'],
      ['integer', '1,000'],
      ['integer', ' 5'],
      ['bigint', '9223372036854775808'],
      ['float8', '$3'],
      ['float8', '1e400'],
      ['float8', 'NaN'],
      ['boolean', 'yes'],
      ['date', '2024-02-30'],
      ['date', '0000-01-01'],
      ['date', '2024-1-5'],
      ['timestamp', '2024-01-01 10:00'],
      ['timestamp', '2024-01-01 10:00:00.5'],
      ['timestamp', '2024-01-01T10:00:00'],
      ['timestamp', '2024-01-01 24:00:00'],
      ['timestamp_iso', '2024-01-01 10:00:00'],
      ['timestamp_iso', '2024-01-01T10:00:00+02'],
      ['timestamp_iso', '2024-01-01T10:00:00.1234567'],
      ['timestamp_iso', '2024-01-01T10:00'],
    ];
    for (const [kind, value] of refusedSpellings) {
      const writer = new BinaryRowWriter([kind]);
      let written: boolean | undefined;
      const text = `v\n${value.includes(',') ? `"${value}"` : value}\n`;
      new CsvScanner(text, { file: 'v.csv' }, (record) => {
        if (record.index > 0) written = writer.write(record);
      }).scanTo(text.length);
      expect(written, `${kind} ${value}`).toBe(false);
    }
  });
});
