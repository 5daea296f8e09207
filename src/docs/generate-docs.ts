import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeCatalog, type CatalogJson } from './catalog-json.js';
import { buildDocsData, type DocsManifestInput } from './docs-data.js';
import { layoutEngineSource } from './layout-engine.js';
import { renderDocsPage } from './page/render-page.js';

export interface GenerateDocsOptions {
  /** The compiled project: the in-memory Manifest, or manifest.json as read back. */
  readonly manifest: DocsManifestInput;
  /** Relation and column types from the database; without it the page shows declared types. */
  readonly catalog?: CatalogJson;
  /** Where index.html (and catalog.json) are written. */
  readonly targetDir: string;
}

export interface GeneratedDocs {
  /** Path of the written index.html. */
  readonly indexHtml: string;
  /** Path of the written catalog.json, when a catalog was given. */
  readonly catalogPath?: string;
}

/**
 * Writes `<targetDir>/index.html`: one self-contained page (style, data, elkjs and the page's
 * program inline, nothing fetched when viewed), plus `catalog.json` when a catalog is given.
 *
 * The lineage graphs are laid out in the browser, for the node being viewed, by the elkjs bundle
 * inlined in the page: laying out every node's neighbourhood here would cost time and page size
 * in proportion to the project (two layouts per node, for the model and the column graph), while
 * the bundle is a fixed 1.6 MB and one neighbourhood takes milliseconds to lay out when opened.
 */
export async function generateDocs(options: GenerateDocsOptions): Promise<GeneratedDocs> {
  const html = renderDocsPage(buildDocsData(options.manifest, options.catalog), await layoutEngineSource());
  await mkdir(options.targetDir, { recursive: true });
  const indexHtml = path.join(options.targetDir, 'index.html');
  // Written whole then renamed, so `docs serve` never hands out half a page.
  const temp = `${indexHtml}.${process.pid}.tmp`;
  await writeFile(temp, html);
  await rename(temp, indexHtml);
  const catalogPath = options.catalog ? await writeCatalog(options.targetDir, options.catalog) : undefined;
  return { indexHtml, ...(catalogPath ? { catalogPath } : {}) };
}
