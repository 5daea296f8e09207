import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeManifest } from '../artifacts/manifest-json.js';
import type { GraphNode } from '../parse/manifest.js';
import type { PreviousState } from '../graph/index.js';
import { loadManifest, type LoadedManifest } from './load-manifest.js';
import type { ProjectOptions, SelectionOptions } from './options.js';

/** `strata compile`: renders every node, writes `target/compiled/…/*.sql` for the selected ones and `target/manifest.json`. */
export async function compileProject(options: ProjectOptions & SelectionOptions & { state?: PreviousState; validate?: boolean }): Promise<LoadedManifest & { written: string[] }> {
  const loaded = await loadManifest({ ...options, validate: options.validate ?? true });
  const written = await writeCompiledFiles(loaded);
  await writeManifest(loaded.open.targetDir, loaded.parsed.manifest, loaded.parsed.manifest.metadata.generated_at, { columnLineage: loaded.columnLineage });
  options.reporter.report({ kind: 'info', message: `Compiled ${written.length} node${written.length === 1 ? '' : 's'} into ${path.relative(process.cwd(), path.join(loaded.open.targetDir, 'compiled')) || '.'}` });
  return { ...loaded, written };
}

/** Writes the compiled SQL of the selected nodes; returns the paths written (relative to the project). */
export async function writeCompiledFiles(loaded: LoadedManifest): Promise<string[]> {
  const written: string[] = [];
  const nodes = Object.values(loaded.parsed.manifest.nodes).filter(
    (n): n is GraphNode & { compiled_path: string; compiled_code: string } =>
      loaded.selected.has(n.unique_id) && 'compiled_path' in n && n.compiled_path !== undefined && n.compiled_code !== undefined,
  );
  // Each folder is created once; files are written in batches, because a large project has more
  // files than a process may hold open at once (EMFILE).
  const folders = new Set(nodes.map((node) => path.dirname(path.join(loaded.open.projectDir, node.compiled_path))));
  for (const folder of folders) await mkdir(folder, { recursive: true });
  const BATCH = 128;
  for (let start = 0; start < nodes.length; start += BATCH) {
    await Promise.all(
      nodes.slice(start, start + BATCH).map(async (node) => {
        await writeFile(path.join(loaded.open.projectDir, node.compiled_path), node.compiled_code);
        written.push(node.compiled_path);
      }),
    );
  }
  return written.sort();
}
