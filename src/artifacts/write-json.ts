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

/** How many bytes are gathered before they are written out. */
const STREAM_CHUNK_BYTES = 1 << 20;

/**
 * Writes a large JSON document piece by piece (temp file + rename, as writeJsonArtifact): `pieces`
 * are consecutive parts of the text, encoded straight into a buffer that goes to the file about a
 * megabyte at a time (joining them into strings first allocated three times the document). Between
 * two writes the event loop runs, so a run's manifest.json is written while its nodes execute.
 */
export async function writeJsonStreamed(file: string, pieces: Iterable<string>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w');
  try {
    let buffer = Buffer.allocUnsafe(STREAM_CHUNK_BYTES);
    let used = 0;
    for (const piece of pieces) {
      // A UTF-16 code unit takes at most three bytes of UTF-8.
      const room = piece.length * 3;
      if (used + room > buffer.length) {
        writeSync(fd, buffer, 0, used);
        used = 0;
        if (room > buffer.length) buffer = Buffer.allocUnsafe(room);
      }
      used += buffer.write(piece, used);
      if (used < STREAM_CHUNK_BYTES) continue;
      writeSync(fd, buffer, 0, used);
      used = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
    writeSync(fd, buffer, 0, used);
  } catch (error) {
    closeSync(fd);
    await rm(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  await rename(temp, file);
}
