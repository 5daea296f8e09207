import { mkdir, rename, writeFile } from 'node:fs/promises';
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
