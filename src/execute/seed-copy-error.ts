import { readFile } from 'node:fs/promises';
import { DatabaseError } from '../adapters/database-error.js';
import { StrataError } from '../errors/strata-error.js';
import { readCsv } from '../materialize/csv/read-csv.js';
import type { GraphNode } from '../parse/manifest.js';

const COPY_CONTEXT = /COPY [^,]+, line (\d+)(?:, column ([^:]+))?/;

/**
 * A value only the database rejects while loading a seed (an `inet`, a check constraint): PostgreSQL
 * names the data line and column of its COPY; this turns that into the CSV file's line and column.
 * Returns undefined when the error is not such a COPY error.
 */
export async function seedCopyError(error: unknown, node: GraphNode): Promise<StrataError | undefined> {
  if (!(error instanceof DatabaseError)) return undefined;
  const match = COPY_CONTEXT.exec(error.databaseContext ?? '');
  if (!match) return undefined;
  const dataLine = Number(match[1]);
  const column = match[2]?.trim();
  const file = node.original_file_path;
  let location: { file: string; line?: number; column?: number } = { file };
  try {
    const delimiter = typeof node.config.delimiter === 'string' ? node.config.delimiter : ',';
    const table = readCsv(await readFile(node.absolute_path, 'utf8'), { file, delimiter });
    const row = table.rows[dataLine - 1];
    const index = column === undefined ? -1 : table.header.findIndex((name) => name.trim() === column);
    const position = row?.positions[index >= 0 ? index : 0];
    if (position) location = { file, line: position.line, column: index >= 0 ? position.column : undefined };
  } catch {
    // The file was read and checked before the load; should it have changed since, keep the file alone.
  }
  return new StrataError('seed_value_rejected', `${error.message}${column ? ` (column "${column}")` : ''}`, {
    location,
    nodeId: node.unique_id,
    hint: column ? `Fix the value, or declare the column's type with column_types: {${column}: <type>}.` : undefined,
    cause: error,
  }, error.exitCode);
}
