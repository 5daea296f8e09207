import type { GraphNode } from '../parse/manifest.js';
import type { NodeLabel } from '../report/events.js';
import { relationOf } from '../execute/materialize-node.js';

/** How progress lines name a node: `view staging.stg_players`, `test not_null_stg_players_player_id`. */
export function nodeLabel(node: GraphNode): NodeLabel {
  const kind = node.resource_type === 'model' ? String(node.config.materialized) : node.resource_type;
  // A snapshot builds where its target_schema says (dbt's older config), when it has one.
  const schema = node.resource_type === 'snapshot' ? relationOf(node).schema : node.schema;
  const display = node.resource_type === 'test' ? node.name : `${schema}.${node.alias}`;
  return { unique_id: node.unique_id, resource_type: node.resource_type, kind, display };
}
