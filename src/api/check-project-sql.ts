import { open, readFile } from 'node:fs/promises';
import { parse as parseCsv } from 'csv-parse/sync';
import { StrataErrors } from '../errors/strata-error.js';
import type { GraphNode, Manifest } from '../parse/manifest.js';
import type { ColumnLineageMap } from '../sql/index.js';

/** Column lineage by unique_id, as `manifest.json` stores it under each node (`column_lineage`). */
export type ProjectColumnLineage = Readonly<Record<string, ColumnLineageMap>>;

/**
 * Parses compiled nodes with PostgreSQL's own parser before anything reaches the database: a
 * syntax error, or a column an upstream model does not have, stops the command with exit 2 and the
 * compiled file's line and column. Returns the column lineage of the nodes analysed.
 *
 * With `selected`, only those nodes are checked (a `run -s` of one model does not wait for the
 * whole project's SQL to be parsed), and lineage is computed for them and their ancestors, whose
 * columns their own checks need. An ancestor's own errors are its business, as it does not run.
 */
export async function checkProjectSql(manifest: Manifest, selected?: ReadonlySet<string>): Promise<ProjectColumnLineage> {
  const { checkCompiledProject } = await import('../sql/index.js');
  const nodes = [...Object.values(manifest.nodes), ...Object.values(manifest.sources)];
  const analysed = selected && selected.size < nodes.length ? withAncestors(manifest, selected) : undefined;
  const check = await checkCompiledProject(
    nodes.map((node) => {
      if (!('compiled_code' in node)) return node;
      const compiled = node.compiled_code;
      const checked = compiled !== undefined && checkable(node) && (!analysed || analysed.has(node.unique_id)) ? compiled : undefined;
      // A node is copied only to leave its SQL out of the check (36,000 copies of a large project's nodes are not free).
      return checked === compiled ? node : { ...node, compiled_code: checked };
    }),
    { knownColumns: await seedColumns(manifest) },
  );
  const errors = selected && analysed ? check.errors.filter((error) => error.nodeId === undefined || selected.has(error.nodeId)) : check.errors;
  if (errors.length > 0) throw new StrataErrors(errors);
  return check.lineage.columnLineage;
}

/** `ids` and every node upstream of them. */
function withAncestors(manifest: Manifest, ids: ReadonlySet<string>): Set<string> {
  const found = new Set(ids);
  const queue = [...ids];
  while (queue.length > 0) {
    for (const parent of manifest.parent_map[queue.pop()!] ?? []) {
      if (found.has(parent)) continue;
      found.add(parent);
      queue.push(parent);
    }
  }
  return found;
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
      const delimiter = typeof node.config.delimiter === 'string' ? node.config.delimiter : ',';
      const header = (await csvHeader(node.absolute_path, delimiter, HEADER_READ_BYTES)) ?? (await csvHeader(node.absolute_path, delimiter, undefined));
      if (header) known[node.unique_id] = header.map((name) => name.trim());
    }),
  );
  return known;
}

/** How much of a seed is read for its header: a 1,000,000-row seed is read whole only when it loads. */
const HEADER_READ_BYTES = 64 * 1024;

/**
 * The first record of a CSV file, reading only its first `bytes` (the whole file when undefined);
 * undefined when the file cannot be read, does not parse, or its first record does not end within
 * what was read. A malformed CSV is reported by the seed itself, with its line and column.
 */
async function csvHeader(file: string, delimiter: string, bytes: number | undefined): Promise<string[] | undefined> {
  let text: string;
  try {
    if (bytes === undefined) text = await readFile(file, 'utf8');
    else {
      const handle = await open(file, 'r');
      try {
        const buffer = Buffer.alloc(bytes);
        const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
        // Whole lines only, so a multi-byte character is never cut; no line end means read it all.
        const end = bytesRead < bytes ? bytesRead : buffer.lastIndexOf(0x0a, bytesRead - 1) + 1;
        if (end === 0) return undefined;
        text = buffer.subarray(0, end).toString('utf8');
      } finally {
        await handle.close();
      }
    }
    const [header] = parseCsv(text, { delimiter, to_line: 1, bom: true }) as string[][];
    return header;
  } catch {
    return undefined;
  }
}
