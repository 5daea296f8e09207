import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { writeManifest } from '../artifacts/manifest-json.js';
import type { GraphNode } from '../parse/manifest.js';
import type { PreviousState } from '../graph/index.js';
import { loadManifest, type LoadedManifest } from './load-manifest.js';
import type { ProjectOptions, SelectionOptions } from './options.js';

/** `strata compile`: renders every node, writes `target/compiled/…/*.sql` for the selected ones and `target/manifest.json`. */
export async function compileProject(options: ProjectOptions & SelectionOptions & { state?: PreviousState; validate?: boolean }): Promise<LoadedManifest & { written: string[] }> {
  const loaded = await loadManifest({ ...options, validate: options.validate ?? true });
  // The compiled files are written on another thread while this one serialises manifest.json.
  const [written] = await Promise.all([
    writeCompiledFiles(loaded),
    writeManifest(loaded.open.targetDir, loaded.parsed.manifest, loaded.parsed.manifest.metadata.generated_at, { columnLineage: loaded.columnLineage }),
  ]);
  options.reporter.report({ kind: 'info', message: `Compiled ${written.length} node${written.length === 1 ? '' : 's'} into ${path.relative(process.cwd(), path.join(loaded.open.targetDir, 'compiled')) || '.'}` });
  return { ...loaded, written };
}

/** Below this many files a worker thread costs more to start than it saves. */
const FILES_FOR_A_WORKER = 500;

/** Writes the compiled SQL of the selected nodes; returns the paths written (relative to the project). */
export async function writeCompiledFiles(loaded: LoadedManifest): Promise<string[]> {
  const files: [string, string][] = [];
  const written: string[] = [];
  for (const node of Object.values(loaded.parsed.manifest.nodes) as GraphNode[]) {
    if (!loaded.selected.has(node.unique_id) || !('compiled_path' in node) || node.compiled_path === undefined || node.compiled_code === undefined) continue;
    files.push([path.join(loaded.open.projectDir, node.compiled_path), node.compiled_code]);
    written.push(node.compiled_path);
  }
  // Each folder is created once. Files are written one after another with synchronous calls: many
  // concurrent creations only contend for the file system (and a large project has more files than
  // a process may hold open at once, EMFILE).
  const folders = [...new Set(files.map(([file]) => path.dirname(file)))];
  if (files.length < FILES_FOR_A_WORKER) writeFilesNow(folders, files);
  else await writeFilesInWorker(folders, files);
  return written.sort();
}

function writeFilesNow(folders: readonly string[], files: readonly (readonly [string, string])[]): void {
  for (const folder of folders) mkdirSync(folder, { recursive: true });
  for (const [file, text] of files) writeFileSync(file, text);
}

/**
 * The same as writeFilesNow, on a worker thread (CommonJS source, so it needs no file of its own).
 * The texts go over as one UTF-8 buffer that is transferred, not copied, with their end offsets, so
 * the worker holds no strings of its own while manifest.json is being built.
 */
const WRITER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { mkdirSync, writeFileSync } = require('node:fs');
const { folders, files, ends } = workerData;
const bytes = Buffer.from(workerData.bytes);
for (const folder of folders.split('\\0')) mkdirSync(folder, { recursive: true });
let start = 0;
files.split('\\0').forEach((file, i) => {
  writeFileSync(file, bytes.subarray(start, ends[i]));
  start = ends[i];
});
`;

function writeFilesInWorker(folders: readonly string[], files: readonly (readonly [string, string])[]): Promise<void> {
  let size = 0;
  for (const [, text] of files) size += Buffer.byteLength(text);
  const bytes = new ArrayBuffer(size);
  const view = Buffer.from(bytes);
  const ends = new Float64Array(files.length);
  let offset = 0;
  files.forEach(([, text], i) => {
    offset += view.write(text, offset);
    ends[i] = offset;
  });
  const workerData = { folders: folders.join('\0'), files: files.map(([file]) => file).join('\0'), ends, bytes };
  return new Promise((resolve, reject) => {
    const worker = new Worker(WRITER_SOURCE, { eval: true, workerData, transferList: [bytes, ends.buffer] });
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writing compiled files stopped (exit ${code})`))));
  });
}
