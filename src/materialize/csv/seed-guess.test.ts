import { describe, expect, it } from 'vitest';
import { PlanGuessRefused } from '../replan.js';
import { prepareSeedLoad } from './seed-guess.js';

/** A CSV of more than 8 MiB (where guessing starts) whose rows after the first ones are `later`. */
function largeCsv(header: string, first: (i: number) => string, later: (i: number) => string): string {
  const lines = [header];
  for (let i = 0; i < 40_000; i++) lines.push(first(i));
  while (lines.length < 200_000) lines.push(later(lines.length));
  return `${lines.join('\n')}\n`;
}

const options = { file: 'seeds/big.csv' };

describe('prepareSeedLoad', () => {
  it('reads a small file whole: its columns are known and nothing is left to confirm', () => {
    const load = prepareSeedLoad('id,day\n1,2024-01-01\n2,2.5\n', options, true);
    expect(load.confirm).toBeUndefined();
    expect(load.rowCount).toBe(2);
    expect(load.columns.map((c) => c.sqlType)).toEqual(['integer', 'text']);
  });

  it('guesses a large file from its first rows and confirms the guess once the rest agrees', async () => {
    const load = prepareSeedLoad(largeCsv('id,note', (i) => `${i},first ${i} ${'x'.repeat(30)}`, (i) => `${i},later ${i} ${'y'.repeat(30)}`), options, true);
    expect(load.columns.map((c) => c.sqlType)).toEqual(['integer', 'text']);
    expect(load.rowCount).toBeUndefined();
    expect(load.csv.startsWith('0,first 0 ')).toBe(true);
    await expect(load.confirm!()).resolves.toBeUndefined();
  });

  it('refuses the guess when a later row changes a column type', async () => {
    const load = prepareSeedLoad(largeCsv('id,note', (i) => `${i},${'n'.repeat(40)}`, (i) => `${i}.5,${'n'.repeat(40)}`), options, true);
    expect(load.columns.map((c) => c.sqlType)).toEqual(['integer', 'text']);
    const refusal = await load.confirm!().catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(PlanGuessRefused);
    expect((refusal as Error).message).toContain('"id" is float8, not integer');
  });

  it('does not guess when a column holds only NULLs in the first rows, nor when guessing is refused', () => {
    const sparse = largeCsv('id,maybe', (i) => `${i},`, (i) => `${i},word`);
    const load = prepareSeedLoad(sparse, options, true);
    expect(load.confirm).toBeUndefined();
    expect(load.columns.map((c) => c.sqlType)).toEqual(['integer', 'text']);
    const careful = prepareSeedLoad(largeCsv('id', (i) => `${i}`, (i) => `${i}`), options, false);
    expect(careful.confirm).toBeUndefined();
  });
});
