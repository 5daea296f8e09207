import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeJsonStreamed } from './write-json.js';

describe('writeJsonStreamed', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'strata-write-json-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the pieces as one UTF-8 text, across megabyte chunks, with pieces larger than a chunk', async () => {
    const pieces = ['{"a":['];
    for (let i = 0; i < 60_000; i++) pieces.push(`${i === 0 ? '' : ','}"Zoë 🏈 ${i} ${'x'.repeat(i % 37)}"`);
    pieces.push(`],"big":"${'é'.repeat(1_500_000)}🏈","end":"…"}`);
    const file = path.join(dir, 'out', 'doc.json');
    await writeJsonStreamed(file, pieces);
    const text = await readFile(file, 'utf8');
    expect(text).toBe(pieces.join(''));
    expect(JSON.parse(text).a).toHaveLength(60_000);
    expect(await readdir(path.dirname(file))).toEqual(['doc.json']);
  });

  it('leaves no file behind when the pieces fail', async () => {
    const file = path.join(dir, 'failed.json');
    function* failing(): Generator<string> {
      yield '{"a":';
      throw new Error('no more');
    }
    await expect(writeJsonStreamed(file, failing())).rejects.toThrow('no more');
    expect((await readdir(dir)).filter((name) => name.startsWith('failed'))).toEqual([]);
  });
});
