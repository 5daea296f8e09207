import { mkdtemp, readFile, rm, stat, utimes, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeCompiledFiles, type CompiledFile } from './compiled-files.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function project(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'strata-compiled-'));
  dirs.push(dir);
  return dir;
}

const past = new Date('2020-01-01T00:00:00Z');

// 3 files are written on the calling thread, 600 on a worker thread: both behave the same.
describe.each([3, 600])('writeCompiledFiles of %i files', (count) => {
  const files: CompiledFile[] = Array.from({ length: count }, (_, i) => ({
    compiledPath: `target/compiled/p/models/group_${i % 7}/m_${i}.sql`,
    sql: `select ${i} as id -- é\n`,
  }));

  it('creates the folders and files, replaces a file whose SQL changed and leaves an identical one untouched', async () => {
    const dir = await project();
    const changed = path.join(dir, files[1]!.compiledPath);
    const same = path.join(dir, files[2]!.compiledPath);
    await mkdir(path.dirname(changed), { recursive: true });
    await mkdir(path.dirname(same), { recursive: true });
    await writeFile(changed, 'select old');
    await writeFile(same, files[2]!.sql);
    await utimes(changed, past, past);
    await utimes(same, past, past);

    await writeCompiledFiles(dir, files);

    for (const file of files) expect(await readFile(path.join(dir, file.compiledPath), 'utf8')).toBe(file.sql);
    expect((await stat(changed)).mtime.getTime()).toBeGreaterThan(past.getTime());
    expect((await stat(same)).mtime.getTime()).toBe(past.getTime());
  });
});
