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
    [['1.', '.5', '-2'], 'float8'],
    [['1e5', '2'], 'float8'],
    [[' 7 ', '+5', '$3'], 'integer'],
    [['2024-02-29', '2023-12-31'], 'date'],
    [['2023-02-29'], 'text'],
    [['2024-1-5 1:2:3'], 'timestamp'],
    [['2024-01-05 24:00:00'], 'text'],
    [['20240105T1000', '2024-01-05T10:00:00.5'], 'timestamp'],
    [['TRUE', 'false '], 'boolean'],
    [['-', '1'], 'text'],
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

  it('sends the file as it is when COPY reads it the same way: the text after the header, quotes and line breaks included', () => {
    const text = 'id,note,amount\n1,"a, ""b""",1.5\n2,,\n3,"two\nlines",-4';
    const data = prepareSeedData(text, { file: 'seeds/a.csv' });
    expect(data.asIs).toBe(true);
    expect(data.csv).toBe('1,"a, ""b""",1.5\n2,,\n3,"two\nlines",-4');
    expect(data.rowCount).toBe(3);
    expect(data.columns.map((c) => c.sqlType)).toEqual(['integer', 'text', 'float8']);
  });

  it.each([
    ['a NULL written as null', 'id,n\n1,null\n'],
    ['a quoted empty value (NULL for dbt, an empty string for COPY)', 'id,n\n1,""\n'],
    ['a blank value', 'id,n\n1, \n'],
    ['a number with group commas', 'id,n\n1,"1,234"\n'],
    ['a number with blanks around it', 'id,n\n1, 12\n'],
    ['CRLF line breaks', 'id,n\r\n1,2\r\n'],
    ['an empty line', 'id,n\n1,2\n\n3,4\n'],
  ])('writes the rows again for %s', (_what, text) => {
    const data = prepareSeedData(text, { file: 'seeds/a.csv' });
    expect(data.asIs).toBe(false);
    expect(data.csv.startsWith('"1",')).toBe(true);
  });

  it('writes the rows again when the delimiter is not a comma', () => {
    const data = prepareSeedData('a;b\n1;x,y\n', { file: 'seeds/a.csv', delimiter: ';' });
    expect(data.asIs).toBe(false);
    expect(data.csv).toBe('"1","x,y"\n');
  });

  it('rejects a short row at its last value', () => {
    const error = thrown(() => prepareSeedData('a,b,c\n1,2,3\n4,5\n', { file: 'seeds/r.csv' }));
    expect(error.where).toBe('seeds/r.csv:3:3');
    expect(error.message).toBe('row has 2 values but the header names 3 columns');
  });

  it('rejects text after a closing quote and a quote inside an unquoted value, at their line', () => {
    expect(thrown(() => prepareSeedData('a,b\n1,"x"y\n', { file: 'seeds/q.csv' })).where).toBe('seeds/q.csv:2');
    expect(thrown(() => prepareSeedData('a,b\n1,2\n3,x"y\n', { file: 'seeds/q.csv' })).where).toBe('seeds/q.csv:3');
  });

  it('reads a header after a byte order mark', () => {
    const data = prepareSeedData('\uFEFFid,name\n1,x\n', { file: 'seeds/b.csv' });
    expect(data.columns.map((c) => c.name)).toEqual(['id', 'name']);
    expect(data.csv).toBe('1,x\n');
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
