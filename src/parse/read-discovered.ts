import { readFile } from 'node:fs/promises';
import type { DiscoveredFile } from './discover.js';

/** How many files are read at once: enough to keep the disk busy, far below the open-file limit. */
const CONCURRENT_READS = 64;

/** The files with their text, read concurrently (one at a time leaves the process idle on large projects). */
export async function readDiscovered(files: readonly DiscoveredFile[]): Promise<{ file: DiscoveredFile; text: string }[]> {
  const texts = new Array<string>(files.length);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const index = next++;
      texts[index] = await readFile(files[index]!.absolutePath, 'utf8');
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_READS, files.length) }, worker));
  return files.map((file, i) => ({ file, text: texts[i]! }));
}
