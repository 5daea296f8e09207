import type { AnyNode, Manifest } from '../parse/manifest.js';
import { allSelectable } from '../parse/manifest.js';

/** Keys `strata ls --output json` can print, as Airflow integrations ask for them. */
export const LIST_OUTPUT_KEYS = [
  'name',
  'unique_id',
  'resource_type',
  'package_name',
  'depends_on',
  'original_file_path',
  'path',
  'tags',
  'config',
  'fqn',
  'alias',
  'schema',
  'database',
  'relation_name',
  'source_name',
] as const;
export type ListOutputKey = (typeof LIST_OUTPUT_KEYS)[number];

/** The selected nodes in a stable order (resource type, then unique_id), as `ls` prints them. */
export function listedNodes(manifest: Manifest, selected: ReadonlySet<string>): AnyNode[] {
  return allSelectable(manifest)
    .filter((node) => selected.has(node.unique_id))
    .sort((a, b) => a.unique_id.localeCompare(b.unique_id));
}

/** One node as a JSON object with the requested keys (dbt's `ls --output json` shape by default). */
export function nodeAsJson(node: AnyNode, keys?: readonly ListOutputKey[]): Record<string, unknown> {
  const full: Record<string, unknown> = {
    name: node.name,
    unique_id: node.unique_id,
    resource_type: node.resource_type,
    package_name: node.package_name,
    original_file_path: node.original_file_path,
    path: node.path,
    tags: node.tags,
    config: node.config,
    fqn: node.fqn,
    depends_on: 'depends_on' in node ? node.depends_on : { nodes: [], macros: [] },
    alias: 'alias' in node ? node.alias : node.identifier,
    schema: node.schema,
    database: node.database,
    relation_name: node.relation_name,
    ...(node.resource_type === 'source' ? { source_name: node.source_name } : {}),
  };
  const wanted = keys && keys.length > 0 ? keys : ['name', 'resource_type', 'package_name', 'original_file_path', 'unique_id', 'alias', 'config', 'tags', 'depends_on'];
  return Object.fromEntries(wanted.filter((k) => k in full).map((k) => [k, full[k]]));
}

/** dbt's selector-style name of a node: `football_stats.staging.stg_players`, `source:football_stats.raw.teams`. */
export function selectorName(node: AnyNode): string {
  if (node.resource_type === 'source') return `source:${node.package_name}.${node.source_name}.${node.name}`;
  return node.fqn.join('.');
}
