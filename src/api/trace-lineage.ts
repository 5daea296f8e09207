import { ConfigError } from '../errors/strata-error.js';
import { closestNames } from '../parse/closest-names.js';
import { loadManifest } from './load-manifest.js';
import type { ProjectOptions } from './options.js';

export interface TraceLineageOptions extends ProjectOptions {
  /** `<model>.<column>`, e.g. `dim_players.team_code`. */
  readonly column: string;
  readonly downstream?: boolean;
  readonly includeInfluences?: boolean;
}

/** `strata lineage <model>.<column>`: the column's upstream (or downstream) tree, as text. */
export async function traceLineage(options: TraceLineageOptions): Promise<string> {
  const dot = options.column.lastIndexOf('.');
  if (dot <= 0 || dot === options.column.length - 1)
    throw new ConfigError(`"${options.column}" is not <model>.<column>`, { hint: 'For example: strata lineage dim_players.team_code' });
  const modelName = options.column.slice(0, dot);
  const column = options.column.slice(dot + 1);
  const loaded = await loadManifest({ ...options, validate: true });
  const lineage = loaded.columnLineage ?? {};
  const nodes = Object.values(loaded.parsed.manifest.nodes).filter((n) => n.resource_type !== 'test');
  const node = nodes.find((n) => n.name === modelName || n.unique_id === modelName);
  if (!node) {
    const suggestions = closestNames(modelName, nodes.map((n) => n.name));
    throw new ConfigError(`no model, seed or snapshot named "${modelName}"`, { hint: suggestions.length ? `Did you mean ${suggestions.join(', ')}?` : undefined });
  }
  const columns = Object.keys(lineage[node.unique_id] ?? {});
  if (node.resource_type !== 'seed' && columns.length > 0 && !columns.includes(column)) {
    const suggestions = closestNames(column, columns);
    throw new ConfigError(`${node.name} has no column "${column}"`, { hint: suggestions.length ? `Did you mean ${suggestions.join(', ')}?` : `Its columns: ${columns.join(', ')}` });
  }
  const { traceColumn, formatTraceTree } = await import('../sql/index.js');
  const tree = traceColumn(lineage, node.unique_id, column, options.downstream ? 'downstream' : 'upstream', { includeInfluences: options.includeInfluences });
  return formatTraceTree(tree);
}
