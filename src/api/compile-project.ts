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
  const nodes = Object.values(loaded.parsed.manifest.nodes).filter((n) => loaded.selected.has(n.unique_id));
  // In batches: a large project has more files than a process may hold open at once (EMFILE).
  const BATCH = 256;
  for (let start = 0; start < nodes.length; start += BATCH) {
    await Promise.all(
      nodes.slice(start, start + BATCH).map(async (node: GraphNode) => {
        if (!('compiled_path' in node) || node.compiled_path === undefined || node.compiled_code === undefined) return;
        const full = path.join(loaded.open.projectDir, node.compiled_path);
        await mkdir(path.dirname(full), { recursive: true });
        await writeFile(full, node.compiled_code);
        written.push(node.compiled_path);
      }),
    );
  }
  return written.sort();
}
