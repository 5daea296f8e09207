import { describe, expect, it } from 'vitest';
import { StrataError, StrataErrors } from '../../errors/strata-error.js';
import { inferColumnKind } from './infer-types.js';
import { prepareSeedData } from './seed-data.js';

function thrown(fn: () => unknown): StrataError {
  try {
    fn();
  } catch (error) {
    if (error instanceof StrataError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('type inference as dbt-postgres does it', () => {
  it.each([
    [['1', '2', '-3'], 'integer'],
    [['1', '3000000000'], 'bigint'],
    [['1', '99999999999999999999'], 'numeric'],
    [['1.5', '2'], 'float8'],
    [['1.0'], 'float8'],
    [['1,234', '5'], 'integer'],
    [['2024-01-05', '2024-1-6'], 'date'],
    [['2024-02-30'], 'text'],
    [['2024-01-05 10:00:00', '2024-01-06 23:59:59'], 'timestamp'],
    [['2024-01-05T10:00:00Z', '2024-01-06T10:00:00+02:00'], 'timestamp'],
    [['2024-01-05', '2024-01-06 10:00:00'], 'text'],
    [['true', 'FALSE', 'True'], 'boolean'],
    [['yes', 'no'], 'text'],
    [['', 'null', 'NULL'], 'integer'],
    [['', '7'], 'integer'],
    [['007', 'abc'], 'text'],
  ])('%j is %s', (values, kind) => {
    expect(inferColumnKind(values)).toBe(kind);
  });
});

describe('prepareSeedData', () => {
  it('types columns, normalises numbers and writes every value quoted with NULL as an empty field', () => {
    const data = prepareSeedData('id,amount,name,flag\n1,"1,234.5",Ann,true\n2,,"Bo, ""B""",\n', { file: 'seeds/a.csv' });
    expect(data.columns.map((c) => [c.name, c.sqlType])).toEqual([
      ['id', 'integer'],
      ['amount', 'float8'],
      ['name', 'text'],
      ['flag', 'boolean'],
    ]);
    expect(data.csv).toBe('"1","1234.5","Ann","true"\n"2",,"Bo, ""B""",\n');
    expect(data.rowCount).toBe(2);
  });

  it('keeps declared columns as text and lowercases names when quote_columns is false', () => {
    const data = prepareSeedData('Zip;Name\n01234;x\n', { file: 'seeds/a.csv', delimiter: ';', columnTypes: { Zip: 'varchar(5)', Other: 'int' }, quoteColumns: false });
    expect(data.columns.map((c) => [c.name, c.sqlType])).toEqual([
      ['zip', 'varchar(5)'],
      ['name', 'text'],
    ]);
    expect(data.csv).toBe('"01234","x"\n');
    expect(data.unknownDeclaredColumns).toEqual(['Other']);
  });

  it('rejects a ragged row at its line and column', () => {
    const error = thrown(() => prepareSeedData('a,b\n1,2\n3,4,5\n', { file: 'seeds/r.csv' }));
    expect(error.where).toBe('seeds/r.csv:3:5');
    expect(error.message).toBe('row has 3 values but the header names 2 columns');
  });

  it('rejects an unclosed quote with its line', () => {
    const error = thrown(() => prepareSeedData('a,b\n1,"open\n2,3\n', { file: 'seeds/q.csv' }));
    expect(error.where).toMatch(/^seeds\/q\.csv:\d+$/);
    expect(error.message).toMatch(/cannot read the CSV: Quote Not Closed/);
  });

  it('rejects a value that does not fit its declared type, at its line and column, after a multi-line field', () => {
    const error = thrown(() => prepareSeedData('note,n\n"two\nlines",1\nok, 12x\n', { file: 'seeds/t.csv', columnTypes: { n: 'integer' } }));
    expect(error.where).toBe('seeds/t.csv:4:4');
    expect(error.message).toBe('value " 12x" in column "n" is not a whole number, so it cannot be integer');
  });

  it('reports every bad value at once', () => {
    const error = thrown(() => prepareSeedData('n,s\nx,abcdef\n2,ab\n', { file: 'seeds/m.csv', columnTypes: { n: 'smallint', s: 'varchar(3)' } }));
    expect(error).toBeInstanceOf(StrataErrors);
    expect((error as StrataErrors).errors.map((e) => `${e.where} ${e.message}`)).toEqual([
      'seeds/m.csv:2:1 value "x" in column "n" is not a whole number, so it cannot be smallint',
      'seeds/m.csv:2:3 value "abcdef" in column "s" is 6 characters long, more than varchar(3) holds',
    ]);
  });

  it('rejects duplicate header names', () => {
    const error = thrown(() => prepareSeedData('a,b,a\n1,2,3\n', { file: 'seeds/d.csv' }));
    expect(error.where).toBe('seeds/d.csv:1:5');
  });
});
