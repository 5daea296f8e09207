import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface JsonArtifactOptions {
  /** No indentation: large artifacts (manifest.json) are read by programs, and indenting doubles their size. */
  readonly compact?: boolean;
  /** Keys left out wherever they appear (e.g. absolute paths of this machine). */
  readonly omitKeys?: readonly string[];
}

/** Writes JSON atomically (temp file + rename), so a reader never sees half an artifact. */
export async function writeJsonArtifact(file: string, value: unknown, options: JsonArtifactOptions = {}): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  const omit = options.omitKeys && new Set(options.omitKeys);
  const replacer = omit ? (key: string, value: unknown) => (omit.has(key) ? undefined : value) : undefined;
  await writeFile(temp, JSON.stringify(value, replacer, options.compact ? undefined : 2));
  await rename(temp, file);
}

/** How much text is gathered before it is written out. */
const STREAM_CHUNK_CHARS = 1 << 20;

/**
 * Writes a large JSON document piece by piece (temp file + rename, as writeJsonArtifact): `pieces`
 * are consecutive parts of the text, which go to the file about a megabyte at a time. Between two
 * writes the event loop runs, so a run's manifest.json is written while its nodes execute.
 */
export async function writeJsonStreamed(file: string, pieces: Iterable<string>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w');
  try {
    let pending: string[] = [];
    let size = 0;
    for (const piece of pieces) {
      pending.push(piece);
      size += piece.length;
      if (size < STREAM_CHUNK_CHARS) continue;
      writeSync(fd, pending.join(''));
      pending = [];
      size = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
    writeSync(fd, pending.join(''));
  } catch (error) {
    closeSync(fd);
    await rm(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  await rename(temp, file);
}
