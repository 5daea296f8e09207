import path from 'node:path';
import { compiledFilesOf, writeCompiledFiles } from '../artifacts/compiled-files.js';
import { writeManifest } from '../artifacts/manifest-json.js';
import type { PreviousState } from '../graph/index.js';
import type { DeferralOptions } from './deferral.js';
import { loadManifest, type LoadedManifest } from './load-manifest.js';
import type { ProjectOptions, SelectionOptions } from './options.js';

/** `strata compile`: renders every node, writes `target/compiled/…/*.sql` for the selected ones and `target/manifest.json`. */
export async function compileProject(
  options: ProjectOptions & SelectionOptions & { state?: PreviousState; validate?: boolean; empty?: boolean; defer?: DeferralOptions },
): Promise<LoadedManifest & { written: string[] }> {
  const loaded = await loadManifest({ ...options, validate: options.validate ?? true });
  // The compiled files are written on another thread while this one serialises manifest.json.
  const files = compiledFilesOf(loaded.parsed.manifest, loaded.selected, { withExecuteRender: true });
  await Promise.all([
    writeCompiledFiles(loaded.open.projectDir, files),
    writeManifest(loaded.open.targetDir, loaded.parsed.manifest, loaded.parsed.manifest.metadata.generated_at, { columnLineage: loaded.columnLineage }),
  ]);
  const written = files.map((f) => f.compiledPath).sort();
  options.reporter.report({ kind: 'info', message: `Compiled ${written.length} node${written.length === 1 ? '' : 's'} into ${path.relative(process.cwd(), path.join(loaded.open.targetDir, 'compiled')) || '.'}` });
  return { ...loaded, written };
}


/**
 * `strata compile --inline '…'`: SQL with Jinja rendered in the project's context (ref, source,
 * macros; ephemeral models as CTEs), without a database and without writing anything.
 */
export async function compileInline(options: ProjectOptions & { inline: string }): Promise<string> {
  const loaded = await loadManifest({ ...options, validate: false, defaultResourceTypes: [] });
  const { parsed } = loaded;
  const { sql } = await parsed.session.renderAdHoc({
    uniqueId: `sql_operation.${parsed.manifest.metadata.project_name}.inline_query`,
    name: 'inline_query',
    file: { path: '--inline', original_file_path: '--inline', absolute_path: '--inline' },
    render: (context) => parsed.environment.compile(options.inline, '--inline').render(context),
  });
  return sql;
}
