import path from 'node:path';
import { CompileError, type StrataError } from '../errors/strata-error.js';
import type { Environment } from '../jinja/index.js';
import { discoverFiles } from './discover.js';
import type { Manifest } from './manifest.js';
import { readDiscovered } from './read-discovered.js';

/** A `{% docs name %}…{% enddocs %}` block of a project's .md files, as manifest.json's `docs` hold it. */
export interface DocBlock {
  readonly unique_id: string;
  readonly resource_type: 'doc';
  readonly name: string;
  readonly package_name: string;
  readonly path: string;
  readonly original_file_path: string;
  readonly block_contents: string;
}

const DOCS_BLOCK = /\{%-?\s*docs\s+([A-Za-z_][\w]*)\s*-?%\}([\s\S]*?)\{%-?\s*enddocs\s*-?%\}/g;

/** The doc blocks of each package's docs-paths (by default all its resource folders). */
export async function collectDocBlocks(packages: readonly { readonly name: string; readonly root: string; readonly docsPaths: readonly string[]; readonly shown: (file: string) => string }[]): Promise<DocBlock[]> {
  const blocks: DocBlock[] = [];
  for (const pkg of packages) {
    const files = await discoverFiles(pkg.root, pkg.docsPaths, ['.md']);
    for (const { file, text } of await readDiscovered(files)) {
      for (const match of text.matchAll(DOCS_BLOCK)) {
        const name = match[1]!;
        blocks.push({
          unique_id: `doc.${pkg.name}.${name}`,
          resource_type: 'doc',
          name,
          package_name: pkg.name,
          path: file.pathInFolder.split(path.sep).join('/'),
          original_file_path: pkg.shown(file.originalFilePath),
          block_contents: match[2]!.trim(),
        });
      }
    }
  }
  return blocks;
}

/**
 * Renders the descriptions that hold Jinja (`{{ doc('orders') }}`, `{{ var('x') }}`), of nodes,
 * sources and their columns, as dbt renders them: with `doc(name)` / `doc(package, name)` from the
 * project's doc blocks. A description without Jinja is left as it is (most of them: no render).
 */
export async function renderDescriptions(manifest: Manifest, docs: readonly DocBlock[], env: Environment, sharedContext: object, rootPackage: string, errors: StrataError[]): Promise<void> {
  const byKey = new Map(docs.map((doc) => [`${doc.package_name}.${doc.name}`, doc]));
  const find = (packageName: string, name: string) => byKey.get(`${packageName}.${name}`) ?? byKey.get(`${rootPackage}.${name}`) ?? docs.find((doc) => doc.name === name);
  const render = async (text: unknown, packageName: string, file: string): Promise<unknown> => {
    if (typeof text !== 'string' || (!text.includes('{{') && !text.includes('{%'))) return text;
    const context = Object.create(sharedContext) as Record<string, unknown>;
    context.doc = (...args: unknown[]) => {
      const [pkg, name] = args.length >= 2 ? [String(args[0]), String(args[1])] : [packageName, String(args[0])];
      const found = args.length >= 2 ? byKey.get(`${pkg}.${name}`) : find(pkg, name);
      if (!found) throw new CompileError(`doc('${args.map(String).join("', '")}') names no {% docs ${name} %} block`, { hint: 'Doc blocks live in .md files under the docs-paths (by default the models, seeds, … folders).' });
      return found.block_contents;
    };
    try {
      return await env.compile(text, file).render(context);
    } catch (error) {
      // The template's own line and column are within the description string, not the file: the file it is in.
      const message = error instanceof Error ? error.message : String(error);
      errors.push(new CompileError(`a description: ${message}`, { location: { file }, hint: error instanceof CompileError ? error.hint : undefined }));
      return text;
    }
  };
  const fileOf = (entry: { readonly patch_path?: string; readonly original_file_path: string }) => entry.patch_path?.replace(/^[^:]+:\/\//, '') ?? entry.original_file_path;
  const entries = [...Object.values(manifest.nodes), ...Object.values(manifest.sources)] as unknown as Record<string, unknown>[];
  for (const entry of entries) {
    const packageName = String(entry.package_name);
    const file = fileOf(entry as { patch_path?: string; original_file_path: string });
    for (const key of ['description', 'source_description'] as const) {
      if (key in entry) entry[key] = await render(entry[key], packageName, file);
    }
    const columns = entry.columns as Record<string, Record<string, unknown>> | undefined;
    for (const column of Object.values(columns ?? {})) column.description = await render(column.description, packageName, file);
  }
}
