import type { GraphNode } from '../parse/manifest.js';
import type { NodeLabel } from '../report/events.js';

/** How progress lines name a node: `view staging.stg_players`, `test not_null_stg_players_player_id`. */
export function nodeLabel(node: GraphNode): NodeLabel {
  const kind = node.resource_type === 'model' ? String(node.config.materialized) : node.resource_type;
  const display = node.resource_type === 'test' ? node.name : `${node.schema}.${node.alias}`;
  return { unique_id: node.unique_id, resource_type: node.resource_type, kind, display };
}
