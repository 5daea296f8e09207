import { describe, expect, it } from 'vitest';
import { PlanGuessRefused } from '../replan.js';
import { SeedCsvError } from './seed-errors.js';
import { prepareSeedLoad, type SeedLoad } from './seed-guess.js';

/**
 * A CSV of more than 8 MiB (where guessing starts): `firstRows` rows of `first` (the guess reads the
 * first 1 MiB), then rows of `later`.
 */
function largeCsv(header: string, first: (i: number) => string, later: (i: number) => string, firstRows = 40_000): string {
  const lines = [header];
  let chars = header.length;
  for (let i = 0; i < firstRows; i++) chars += lines[lines.push(first(i)) - 1]!.length + 1;
  expect(chars).toBeGreaterThan(1 << 20);
  while (chars < 9 << 20) chars += lines[lines.push(later(lines.length)) - 1]!.length + 1;
  return `${lines.join('\n')}\n`;
}

const options = { file: 'seeds/big.csv' };

/** Reads a load's rows the way the executor does: the binary stream to its end, or the CSV and its confirmation. */
async function send(load: SeedLoad): Promise<Buffer> {
  if ('csv' in load.rows) {
    await load.confirm?.();
    return Buffer.from(load.rows.csv);
  }
  const chunks: Uint8Array[] = [];
  for await (const chunk of load.rows.binary()) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe('prepareSeedLoad', () => {
  it('reads a small file whole: its columns are known and nothing is a guess', () => {
    const load = prepareSeedLoad('id,day\n1,2024-01-01\n2,2.5\n', options, true);
    expect(load.guessed).toBe(false);
    expect(load.rowCount).toBe(2);
    expect(load.columns.map((c) => c.sqlType)).toEqual(['integer', 'text']);
    expect(load.rows).toEqual({ csv: '1,2024-01-01\n2,2.5\n' });
  });

  it('guesses a large file from its first rows and sends it in COPY binary format, ending with the trailer', async () => {
    const load = prepareSeedLoad(largeCsv('id,note', (i) => `${i},first ${i} ${'x'.repeat(30)}`, (i) => `${i},later ${i} ${'y'.repeat(30)}`), options, true);
    expect(load.guessed).toBe(true);
    expect(load.columns.map((c) => c.sqlType)).toEqual(['integer', 'text']);
    expect(load.rowCount).toBeUndefined();
    const bytes = await send(load);
    expect(bytes.subarray(0, 11).toString('latin1')).toBe('PGCOPY\n\xff\r\n\0');
    expect(bytes.subarray(-2)).toEqual(Buffer.from([0xff, 0xff]));
    // Each row: 2 bytes of count, the id as 4 + 4 bytes, the note as 4 bytes of length + its text.
    expect(bytes.readInt16BE(19)).toBe(2);
    expect(bytes.readInt32BE(21)).toBe(4);
    expect(bytes.readInt32BE(25)).toBe(0);
    expect(bytes.subarray(33, 33 + bytes.readInt32BE(29)).toString()).toBe(`first 0 ${'x'.repeat(30)}`);
  });

  it('ends the binary stream with a refusal when a later value does not fit the guessed type', async () => {
    const load = prepareSeedLoad(largeCsv('id,note', (i) => `${i},${'n'.repeat(40)}`, (i) => `${i}.5,${'n'.repeat(40)}`), options, true);
    expect(load.columns.map((c) => c.sqlType)).toEqual(['integer', 'text']);
    const refusal = await send(load).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(PlanGuessRefused);
    expect((refusal as Error).message).toContain('seeds/big.csv:40002: a value of this row does not fit');
  });

  it('refuses a guessed timestamp column whose later values take a spelling inference reads as text', async () => {
    // agate reads `YYYY-MM-DD HH:MM:SS` and ISO 8601 as two types (a column mixing them is text), and
    // the first without a fraction.
    for (const later of ['2024-01-01T10:00:00', '2024-01-01 10:00:00.5']) {
      const load = prepareSeedLoad(largeCsv('id,at', (i) => `${i},2024-01-01 10:00:00`, (i) => `${i},${later}`, 60_000), options, true);
      expect(load.columns.map((c) => c.sqlType)).toEqual(['integer', 'timestamp without time zone']);
      const refusal = await send(load).catch((error: unknown) => error);
      expect(refusal, later).toBeInstanceOf(PlanGuessRefused);
      expect((refusal as Error).message).toContain('seeds/big.csv:60002: a value of this row does not fit the column types guessed from the first rows');
    }
    const iso = prepareSeedLoad(largeCsv('id,at', (i) => `${i},2024-01-01T10:00:00`, (i) => `${i},2024-01-01T10:00:00.25`, 60_000), options, true);
    expect((await send(iso)).subarray(-2)).toEqual(Buffer.from([0xff, 0xff]));
  });

  it('fails the stream with the file error of a later ragged row', async () => {
    const load = prepareSeedLoad(largeCsv('id,note', (i) => `${i},${'n'.repeat(40)}`, (i) => (i === 150_000 ? `${i}` : `${i},${'n'.repeat(40)}`)), options, true);
    const error = await send(load).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SeedCsvError);
    expect((error as SeedCsvError).where).toMatch(/^seeds\/big\.csv:150001:/);
  });

  it('sends CSV and confirms it afterwards when a column has no binary form (numeric)', async () => {
    const big = '123456789012345678901234567890';
    const load = prepareSeedLoad(largeCsv('id,huge', (i) => `${i},${big}`, (i) => `${i},${big}`), options, true);
    expect(load.columns.map((c) => c.sqlType)).toEqual(['integer', 'numeric']);
    expect('csv' in load.rows && load.rows.csv.startsWith(`0,${big}\n`)).toBe(true);
    await expect(load.confirm!()).resolves.toBeUndefined();
    const changing = prepareSeedLoad(largeCsv('id,huge', (i) => `${i},${big}`, (i) => `${i},x`), options, true);
    const refusal = await changing.confirm!().catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(PlanGuessRefused);
    expect((refusal as Error).message).toContain('"huge" is text, not numeric');
  });

  it('sends NULL spellings a CSV COPY would need rewritten (`null`, `""`) as binary NULLs', async () => {
    const spelled = prepareSeedLoad(largeCsv('id,note', (i) => `${i},${i % 2 ? 'null' : 'word'}`, (i) => `${i},${i % 5 ? '""' : 'word'}`, 200_000), options, true);
    expect(spelled.guessed).toBe(true);
    expect('binary' in spelled.rows).toBe(true);
    const bytes = await send(spelled);
    // Row 1 (id 1): the id, then -1 for a NULL note.
    const second = 19 + 2 + 8 + 4 + 4;
    expect(bytes.readInt16BE(second)).toBe(2);
    expect(bytes.readInt32BE(second + 2 + 4)).toBe(1);
    expect(bytes.readInt32BE(second + 2 + 8)).toBe(-1);
  });

  it('sends numbers written with group commas as CSV rewritten from the whole file, not on a guess', () => {
    const load = prepareSeedLoad(largeCsv('id,amount', (i) => `${i},"1,${String(i % 1000).padStart(3, '0')}"`, (i) => `${i},7`, 150_000), options, true);
    expect(load.guessed).toBe(false);
    expect(load.columns.map((c) => c.sqlType)).toEqual(['integer', 'integer']);
    expect('csv' in load.rows && load.rows.csv.startsWith('"0","1000"\n')).toBe(true);
  });

  it('does not guess when a column holds only NULLs in the first rows, nor when guessing is refused', () => {
    const load = prepareSeedLoad(largeCsv('id,maybe', (i) => `${i},`, (i) => `${i},word`, 200_000), options, true);
    expect(load.guessed).toBe(false);
    expect(load.columns.map((c) => c.sqlType)).toEqual(['integer', 'text']);
    expect(prepareSeedLoad(largeCsv('id', (i) => `${i}`, (i) => `${i}`, 200_000), options, false).guessed).toBe(false);
  });
});
