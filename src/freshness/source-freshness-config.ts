import { resolveNodeConfig } from '../config/node-config.js';
import type { ProjectConfig } from '../config/project-config.js';
import type { SourceNode } from '../parse/manifest.js';
import type { FreshnessCheck } from './check-freshness.js';
import { criteriaFromConfig, hasFreshness, mergeSourceFreshness, type FreshnessCriteria } from './criteria.js';

/**
 * What to check for a source table, or undefined when it has no freshness criteria (dbt leaves such
 * sources out of `source freshness` silently).
 *
 * The manifest gives two values: `freshness` (the table's top-level `freshness:`, else the
 * source's) and `config.freshness` (the most specific of the project file's `+freshness`, the
 * source's `config:` and the table's `config:`). They are layered as dbt orders the places:
 * project file < top-level property < `config:`. The project file's value is told apart by
 * resolving the node's config from the project file alone.
 */
export function freshnessCheckFor(source: SourceNode, project: ProjectConfig): FreshnessCheck | undefined {
  const criteria = sourceFreshnessCriteria(source, project);
  if (!hasFreshness(criteria)) return undefined;
  const configured = source.config.loaded_at_field;
  return {
    unique_id: source.unique_id,
    display: `${source.source_name}.${source.name}`,
    relation_name: source.relation_name,
    loaded_at_field: source.loaded_at_field ?? (typeof configured === 'string' && configured !== '' ? configured : undefined),
    criteria,
  };
}

/** The merged criteria of a source table (null: switched off). */
export function sourceFreshnessCriteria(source: SourceNode, project: ProjectConfig): FreshnessCriteria | null {
  const fromProject = projectFileFreshness(source, project);
  const fromConfig = source.config.freshness;
  const configLayer = fromConfig === undefined || sameValue(fromConfig, fromProject) ? undefined : fromConfig;
  return mergeSourceFreshness(criteriaFromConfig(fromProject), criteriaFromConfig(source.freshness), criteriaFromConfig(configLayer));
}

function projectFileFreshness(source: SourceNode, project: ProjectConfig): unknown {
  if (source.package_name !== project.name) return undefined;
  return resolveNodeConfig({ resourceType: 'source', fqn: source.fqn, packageName: source.package_name, rootProject: project }).freshness;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
