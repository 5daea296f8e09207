import { isAbsolute, relative } from 'node:path';

/** A path as shown in messages: relative to `base` when inside it, else absolute. */
export function displayPath(absolutePath: string, base: string): string {
  const rel = relative(base, absolutePath);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : absolutePath;
}
