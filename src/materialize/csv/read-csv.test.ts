import { describe, expect, it } from 'vitest';
import { CsvScanner, fieldValue, scanCsv } from './read-csv.js';

/** The records of `text` as [line, values, quoted flags], read by scanCsv. */
function scanned(text: string, delimiter = ','): [number, string[], number[]][] {
  const records: [number, string[], number[]][] = [];
  scanCsv(text, { file: 'x.csv', delimiter }, (record) => {
    const values = Array.from({ length: record.count }, (_, i) => fieldValue(record, i));
    records.push([record.line, values, Array.from(record.quoted.subarray(0, record.count))]);
  });
  return records;
}

/** A plain reading of well-formed CSV, one character at a time: what the scanner must agree with. */
function reference(text: string, delimiter = ','): [number, string[], number[]][] {
  const records: [number, string[], number[]][] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    if (text[i] === '\n' || text[i] === '\r') {
      i += text.startsWith('\r\n', i) ? 2 : 1;
      line++;
      continue;
    }
    const startLine = line;
    const values: string[] = [];
    const quoted: number[] = [];
    for (;;) {
      let value = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (text[i] === '"' && text[i + 1] === '"') {
            value += '"';
            i += 2;
          } else if (text[i] === '"') {
            i++;
            break;
          } else {
            if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) line++;
            value += text[i++];
          }
        }
        quoted.push(1);
      } else {
        while (i < text.length && text[i] !== delimiter && text[i] !== '\n' && text[i] !== '\r') value += text[i++];
        quoted.push(0);
      }
      values.push(value);
      if (text[i] === delimiter) {
        i++;
        continue;
      }
      if (i < text.length) {
        i += text.startsWith('\r\n', i) ? 2 : 1;
        line++;
      }
      break;
    }
    records.push([startLine, values, quoted]);
  }
  return records;
}

/** Well-formed CSV made of random fields: plain, quoted with delimiters, quotes and line breaks inside, empty lines between. */
function randomCsv(seed: number, delimiter: string): string {
  let state = seed;
  const random = (n: number) => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return (state >>> 8) % n;
  };
  const plain = ['', 'a', '12', 'x y', 'é', '-3.5', 'null'];
  const inner = ['', 'a', delimiter, '""', '\n', '\r\n', '\r', ' '];
  const breaks = ['\n', '\r\n', '\r'];
  let text = '';
  for (let row = 0; row < 60; row++) {
    const fields = 1 + random(5);
    const cells: string[] = [];
    for (let f = 0; f < fields; f++) {
      if (random(3) === 0) cells.push(`"${Array.from({ length: random(4) }, () => inner[random(inner.length)]).join('')}"`);
      else cells.push(plain[random(plain.length)]!);
    }
    // A row of one empty field would be an empty line, which is skipped.
    if (cells.length === 1 && cells[0] === '') cells[0] = 'a';
    text += cells.join(delimiter) + breaks[random(breaks.length)];
    if (random(10) === 0) text += '\n';
  }
  return random(2) === 0 ? text : text.replace(/(\r\n|\r|\n)$/, '');
}

describe('scanCsv', () => {
  it('reads lines without quotes (split natively) and lines with them (read character by character) alike', () => {
    const text = 'id,name,note\n1,ann,plain\n2,"bo, b","say ""hi"""\n3,,\n\n4,"multi\nline",x\r\n5,cy,"end"';
    expect(scanned(text)).toEqual([
      [1, ['id', 'name', 'note'], [0, 0, 0]],
      [2, ['1', 'ann', 'plain'], [0, 0, 0]],
      [3, ['2', 'bo, b', 'say "hi"'], [0, 1, 1]],
      [4, ['3', '', ''], [0, 0, 0]],
      [6, ['4', 'multi\nline', 'x'], [0, 1, 0]],
      [8, ['5', 'cy', 'end'], [0, 0, 1]],
    ]);
  });

  it('agrees with a plain character-by-character reading on random well-formed files', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const delimiter = seed % 3 === 0 ? ';' : ',';
      const text = randomCsv(seed, delimiter);
      expect(scanned(text, delimiter), `seed ${seed}`).toEqual(reference(text, delimiter));
    }
  });

  it('reads a file of one column (no delimiter anywhere)', () => {
    // Searching for the delimiter from every line to the end of the file took minutes here (past the
    // test's timeout); the search now starts once and is kept.
    const text = `id\n${Array.from({ length: 200_000 }, (_, i) => i).join('\n')}\n`;
    const records = scanned(text);
    expect(records.length).toBe(200_001);
    expect(records.at(-1)).toEqual([200_001, ['199999'], [0]]);
  });

  it('reads in steps exactly what it reads at once', () => {
    const text = randomCsv(7, ',').repeat(20);
    const whole = scanned(text);
    const stepped: [number, string[], number[]][] = [];
    const scanner = new CsvScanner(text, { file: 'x.csv' }, (record) => {
      stepped.push([record.line, Array.from({ length: record.count }, (_, i) => fieldValue(record, i)), Array.from(record.quoted.subarray(0, record.count))]);
    });
    while (!scanner.done) scanner.scanTo(scanner.offset + 37);
    expect(stepped).toEqual(whole);
  });
});
