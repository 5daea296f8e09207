import type { ProjectConfig } from '../config/project-config.js';
import type { SourceNode } from '../parse/manifest.js';
import type { FreshnessCheck } from './check-freshness.js';
import { criteriaFromConfig, hasFreshness, type FreshnessCriteria } from './criteria.js';

/**
 * What to check for a source table, or undefined when it has no freshness criteria (dbt leaves such
 * sources out of `source freshness` silently). Parse has already merged every place that sets the
 * criteria and `loaded_at_field` (project file, source, table, and their `config:`) into the node.
 */
export function freshnessCheckFor(source: SourceNode, _project?: ProjectConfig): FreshnessCheck | undefined {
  const criteria = sourceFreshnessCriteria(source);
  if (!hasFreshness(criteria)) return undefined;
  return {
    unique_id: source.unique_id,
    display: `${source.source_name}.${source.name}`,
    relation_name: source.relation_name,
    loaded_at_field: source.loaded_at_field,
    criteria,
  };
}

/** The merged criteria of a source table (null: not checked). */
export function sourceFreshnessCriteria(source: SourceNode, _project?: ProjectConfig): FreshnessCriteria | null {
  return source.freshness === undefined ? null : criteriaFromConfig(source.freshness);
}
