import { readFile } from 'node:fs/promises';
import { parse as parseCsv } from 'csv-parse/sync';
import { StrataErrors } from '../errors/strata-error.js';
import type { GraphNode, Manifest } from '../parse/manifest.js';
import type { ColumnLineageMap } from '../sql/index.js';

/** Column lineage by unique_id, as `manifest.json` stores it under each node (`column_lineage`). */
export type ProjectColumnLineage = Readonly<Record<string, ColumnLineageMap>>;

/**
 * Parses every compiled node with PostgreSQL's own parser before anything reaches the database: a
 * syntax error, or a column an upstream model does not have, stops the command with exit 2 and the
 * compiled file's line and column. Returns the project's column lineage.
 */
export async function checkProjectSql(manifest: Manifest): Promise<ProjectColumnLineage> {
  const { checkCompiledProject } = await import('../sql/index.js');
  const nodes = [...Object.values(manifest.nodes), ...Object.values(manifest.sources)];
  const check = await checkCompiledProject(
    nodes.map((node) => ({
      ...node,
      compiled_code: 'compiled_code' in node && checkable(node) ? node.compiled_code : undefined,
    })),
    { knownColumns: await seedColumns(manifest) },
  );
  if (check.errors.length > 0) throw new StrataErrors(check.errors);
  return check.lineage.columnLineage;
}

/**
 * Whether the compile-time SQL is the SQL that runs. An incremental model's compile-time render is its
 * full-refresh query (is_incremental() false), a real query worth checking; a node that asked the
 * database for something else (run_query, introspection) was rendered without the answers.
 */
function checkable(node: GraphNode): boolean {
  return !('needs_execute_render' in node) || !node.needs_execute_render || node.config.materialized === 'incremental';
}

/** The header of every seed's CSV: a seed's columns are exactly these. */
async function seedColumns(manifest: Manifest): Promise<Record<string, string[]>> {
  const known: Record<string, string[]> = {};
  await Promise.all(
    Object.values(manifest.nodes).map(async (node) => {
      if (node.resource_type !== 'seed') return;
      const text = await readFile(node.absolute_path, 'utf8').catch(() => undefined);
      if (text === undefined) return;
      const delimiter = typeof node.config.delimiter === 'string' ? node.config.delimiter : ',';
      try {
        const [header] = parseCsv(text, { delimiter, to_line: 1, bom: true }) as string[][];
        if (header) known[node.unique_id] = header.map((name) => name.trim());
      } catch {
        // A malformed CSV is reported by the seed itself, with its line and column.
      }
    }),
  );
  return known;
}
