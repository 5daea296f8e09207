import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Writes JSON atomically (temp file + rename), so a reader never sees half an artifact. */
export async function writeJsonArtifact(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(value, null, 2));
  await rename(temp, file);
}
