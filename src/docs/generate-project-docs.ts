import { existsSync } from 'node:fs';
import path from 'node:path';
import type { OpenProject } from '../api/open-project.js';
import { compileProject } from '../api/compile-project.js';
import type { ProjectOptions } from '../api/options.js';
import { ConnectionError } from '../errors/strata-error.js';
import type { Manifest } from '../parse/manifest.js';
import type { Reporter } from '../report/events.js';
import { strataVersion } from '../version.js';
import type { CatalogJson } from './catalog-json.js';
import { generateDocs, type GeneratedDocs } from './generate-docs.js';
import type { DocsManifestInput } from './docs-data.js';
import { manifestJson } from '../artifacts/manifest-json.js';

export interface GenerateProjectDocsOptions extends ProjectOptions {
  /** Read column types from the database (default true); false writes the page from the project alone. */
  readonly catalog?: boolean;
}

export interface ProjectDocs extends GeneratedDocs {
  readonly manifest: Manifest;
  /** Why no catalog was read, when one was asked for and could not be. */
  readonly catalogSkipped?: string;
}

/**
 * `strata docs generate`: compiles the project (target/compiled, manifest.json), reads catalog.json
 * from the database when it is reachable, and writes target/index.html. An unreachable database is
 * a warning, not a failure: the page is still useful without column types.
 */
export async function generateProjectDocs(options: GenerateProjectDocsOptions): Promise<ProjectDocs> {
  const compiled = await compileProject(options);
  const { manifest } = compiled.parsed;
  let catalog: CatalogJson | undefined;
  let catalogSkipped: string | undefined;
  if (options.catalog !== false) {
    const read = await catalogIfReachable(compiled.open, manifest, options.reporter);
    if ('catalog' in read) catalog = read.catalog;
    else catalogSkipped = read.skipped;
  }
  // The page reads manifest.json's shape, which carries each model's column lineage.
  const withLineage = manifestJson(manifest, manifest.metadata.generated_at, { columnLineage: compiled.columnLineage }) as unknown as DocsManifestInput;
  const docs = await generateDocs({ manifest: withLineage, catalog, targetDir: compiled.open.targetDir });
  const shown = path.relative(process.cwd(), docs.indexHtml) || docs.indexHtml;
  options.reporter.report({ kind: 'info', message: `Wrote ${shown}${docs.catalogPath ? ' and catalog.json' : ''}` });
  return { ...docs, manifest, ...(catalogSkipped ? { catalogSkipped } : {}) };
}

async function catalogIfReachable(open: OpenProject, manifest: Manifest, reporter: Reporter): Promise<{ catalog: CatalogJson } | { skipped: string }> {
  // Loaded on demand, as run does: the database drivers cost startup time.
  const { openAdapter, pgliteDataDir } = await import('../adapters/open-adapter.js');
  const { readCatalog } = await import('./catalog-json.js');
  if (open.target.type === 'pglite' && !existsSync(pgliteDataDir(open.target, open.projectDir))) {
    // Opening it would create an empty database; there is nothing to read yet.
    const skipped = `the embedded database at ${path.relative(process.cwd(), pgliteDataDir(open.target, open.projectDir)) || '.'} has not been built yet, so the docs show declared column types only (run strata build first, or pass --no-catalog)`;
    reporter.report({ kind: 'warning', message: skipped });
    return { skipped };
  }
  const adapter = await openAdapter(open.target, { projectDir: open.projectDir, applicationName: 'strata docs' });
  try {
    return { catalog: await readCatalog(adapter, manifest, { generatedAt: manifest.metadata.generated_at, strataVersion: strataVersion() }) };
  } catch (error) {
    if (!(error instanceof ConnectionError)) throw error;
    const skipped = `could not read column types from the database: ${error.message}; the docs show declared column types only`;
    reporter.report({ kind: 'warning', message: skipped });
    return { skipped };
  } finally {
    await adapter.close();
  }
}
