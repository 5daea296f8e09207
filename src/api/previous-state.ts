import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../errors/strata-error.js';
import type { PreviousManifest, PreviousRunResults, PreviousState } from '../graph/index.js';

async function readJson(file: string): Promise<unknown | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${file} is not valid JSON: ${(error as Error).message}`, { location: { file } });
  }
}

/**
 * `--state <dir>`: the manifest.json (for `state:` and `--defer`) and run_results.json (for `result:`)
 * of an earlier run, strata's or dbt's. A directory holding neither is an error.
 */
export async function loadPreviousState(dir: string): Promise<PreviousState> {
  const manifest = (await readJson(path.join(dir, 'manifest.json'))) as PreviousManifest | undefined;
  const runResults = (await readJson(path.join(dir, 'run_results.json'))) as PreviousRunResults | undefined;
  if (!manifest && !runResults)
    throw new ConfigError(`--state ${dir} holds no manifest.json or run_results.json`, {
      hint: "Point --state at the target/ directory of an earlier run (for CI: the production run's manifest.json).",
    });
  if (manifest && (typeof manifest !== 'object' || typeof manifest.nodes !== 'object'))
    throw new ConfigError(`${path.join(dir, 'manifest.json')} is not a manifest (no "nodes")`, { location: { file: path.join(dir, 'manifest.json') } });
  return {
    // manifest.json keeps unit tests apart (`unit_tests`, as dbt does); selection sees them as nodes.
    ...(manifest ? { manifest: { nodes: { ...(manifest.nodes ?? {}), ...(unitTestsOf(manifest) ?? {}) }, sources: manifest.sources ?? {}, macros: manifest.macros ?? {} } } : {}),
    ...(runResults ? { runResults } : {}),
  };
}

function unitTestsOf(manifest: PreviousManifest): PreviousManifest['nodes'] | undefined {
  const unitTests = (manifest as { unit_tests?: unknown }).unit_tests;
  return unitTests && typeof unitTests === 'object' ? (unitTests as PreviousManifest['nodes']) : undefined;
}
