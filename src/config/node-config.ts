/**
 * A node's resolved configuration, merged as dbt merges it: defaults < project file (less
 * specific folder < more specific) < property file `config:` < the file's own `config(...)`,
 * then, for nodes of installed packages, the root project's file on top. Most keys override;
 * `tags` and hooks accumulate; `meta`, `docs`, `contract`, `quoting`, `column_types` merge key
 * by key; `grants` replace per privilege unless written `+privilege`.
 */
import { ConfigError, type SourceLocation } from '../errors/strata-error.js';
import type { NodeConfig, ResourceType } from '../parse/manifest.js';
import { canonicalConfigKey, CONFIG_KEY_SCHEMAS, mergeBehaviorOf } from './config-keys.js';
import { configLevelsFor } from './config-tree.js';
import { normalizeHooks, type Hook } from './hooks.js';
import type { ConfigTree, ProjectConfig } from './project-config.js';
import { gathered } from './yaml-file.js';
import { describeIssue } from './zod-errors.js';

export interface NodeConfigRequest {
  readonly resourceType: ResourceType;
  /** dbt's fully qualified name: package, folders, node name (and version). */
  readonly fqn: readonly string[];
  readonly packageName: string;
  /** The project strata runs. */
  readonly rootProject: ProjectConfig;
  /** The node's own project, when it belongs to an installed package. */
  readonly packageProject?: ProjectConfig;
  /** The `config:` of the node's entry in a property file (already validated when the file was loaded). */
  readonly propertyConfig?: Readonly<Record<string, unknown>>;
  readonly propertyLocation?: SourceLocation;
  /** The values of the node file's `config(...)` call(s), merged in call order. */
  readonly inFileConfig?: Readonly<Record<string, unknown>>;
  readonly inFileLocation?: SourceLocation;
}

/** A NodeConfig plus hooks with their transaction flag (`pre_hook`/`post_hook` hold the SQL only). */
export type ResolvedNodeConfig = NodeConfig & {
  readonly hooks: { readonly pre_hook: readonly Hook[]; readonly post_hook: readonly Hook[] };
};

/** Computes a node's configuration from every place it can be written; bad values are ConfigErrors. */
export function resolveNodeConfig(request: NodeConfigRequest): ResolvedNodeConfig {
  const errors: ConfigError[] = [];
  const ownProject = request.packageProject ?? request.rootProject;
  const isPackageNode = ownProject.name !== request.rootProject.name;
  const projectLocation = (project: ProjectConfig): SourceLocation => ({ file: project.project_file });
  const base = projectFileConfig(ownProject, request.resourceType, request.fqn, projectLocation(ownProject));
  errors.push(...base.errors);
  // Most nodes (the generic tests above all) add nothing to their folder's configuration: they share
  // one frozen copy of it instead of thousands of equal ones.
  if (!isPackageNode && base.errors.length === 0 && isEmpty(request.propertyConfig) && isEmpty(request.inFileConfig)) return sharedFinalConfig(base.values);
  let merged: Record<string, unknown> = base.values;
  const apply = (layer: Readonly<Record<string, unknown>>, label: string, location: SourceLocation | undefined): void => {
    const parsed = parseConfigLayer(layer, label, location);
    errors.push(...parsed.errors);
    merged = mergeConfigs(merged, parsed.values);
  };
  if (request.propertyConfig) apply(request.propertyConfig, 'config', request.propertyLocation);
  if (request.inFileConfig) apply(request.inFileConfig, 'config()', request.inFileLocation);
  if (isPackageNode) {
    for (const level of configLevelsFor(treeFor(request.rootProject, request.resourceType), request.fqn)) {
      apply(level, 'project file', projectLocation(request.rootProject));
    }
  }
  if (errors.length > 0) throw gathered(errors);
  return finalize(merged);
}

/**
 * Defaults merged with the project file's levels for a node, cached per project, resource type and
 * the part of the fqn the project file's tree reaches: every node of a folder shares it, and a
 * large project has tens of thousands of nodes in a few hundred folders. The cached value is never
 * mutated (merging copies, and `finalize` copies nested containers for each node).
 */
const projectFileConfigs = new WeakMap<ProjectConfig, Map<string, { values: Record<string, unknown>; errors: ConfigError[] }>>();

function projectFileConfig(
  project: ProjectConfig,
  resourceType: ResourceType,
  fqn: readonly string[],
  location: SourceLocation,
): { values: Record<string, unknown>; errors: ConfigError[] } {
  const tree = treeFor(project, resourceType);
  let perProject = projectFileConfigs.get(project);
  if (!perProject) projectFileConfigs.set(project, (perProject = new Map()));
  const key = `${resourceType}\0${fqn.slice(0, treeDepthFor(tree, fqn)).join('\0')}`;
  const cached = perProject.get(key);
  if (cached) return cached;
  const errors: ConfigError[] = [];
  let values: Record<string, unknown> = defaultConfig(resourceType);
  for (const level of configLevelsFor(tree, fqn)) {
    const parsed = parseConfigLayer(level, 'project file', location);
    errors.push(...parsed.errors);
    values = mergeConfigs(values, parsed.values);
  }
  const result = { values, errors };
  perProject.set(key, result);
  return result;
}

/** How many fqn parts lead through nested levels of the tree (what configLevelsFor reads). */
function treeDepthFor(tree: ConfigTree, fqn: readonly string[]): number {
  let level: unknown = tree;
  let depth = 0;
  for (const part of fqn) {
    const next: unknown = isRecord(level) ? level[part] : undefined;
    if (!isRecord(next)) break;
    level = next;
    depth += 1;
  }
  return depth;
}

/** An object literal (not a Map, class instance or array), safe to copy with a spread. */
function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The project file tree that configures a resource type (analyses read `models:`, as in dbt). */
export function treeFor(project: ProjectConfig, resourceType: ResourceType): ConfigTree {
  switch (resourceType) {
    case 'model':
    case 'analysis':
      return project.models;
    case 'seed':
      return project.seeds;
    case 'snapshot':
      return project.snapshots;
    case 'test':
      return project.data_tests;
    case 'source':
      return project.sources;
    case 'unit_test':
      return project.unit_tests;
    case 'macro':
      return {};
    default: {
      const never: never = resourceType;
      return never;
    }
  }
}

/** dbt's defaults for each resource type. */
export function defaultConfig(resourceType: ResourceType): Record<string, unknown> {
  const shared = { enabled: true, tags: [], meta: {}, pre_hook: [], post_hook: [] };
  const buildable = {
    ...shared,
    persist_docs: {},
    quoting: {},
    column_types: {},
    on_schema_change: 'ignore',
    on_configuration_change: 'apply',
    grants: {},
    packages: [],
    docs: { show: true, node_color: null },
    contract: { enforced: false, alias_types: true },
  };
  switch (resourceType) {
    case 'model':
    case 'analysis':
      return { ...buildable, materialized: 'view', access: 'protected' };
    case 'seed':
      return { ...buildable, materialized: 'seed', delimiter: ',' };
    case 'snapshot':
      return { ...buildable, materialized: 'snapshot' };
    case 'test':
      return {
        ...shared,
        materialized: 'test',
        severity: 'error',
        schema: 'dbt_test__audit',
        fail_calc: 'count(*)',
        warn_if: '!= 0',
        error_if: '!= 0',
      };
    case 'source':
      return { ...shared, materialized: 'source' };
    case 'unit_test':
      return { ...shared, materialized: 'unit' };
    case 'macro':
      return { ...shared, materialized: 'macro' };
    default: {
      const never: never = resourceType;
      return never;
    }
  }
}

/** Validates and normalises one layer of config: canonical keys, lists for tags/hooks/grants, typed values. */
export function parseConfigLayer(
  layer: Readonly<Record<string, unknown>>,
  label: string,
  location?: SourceLocation,
): { values: Record<string, unknown>; errors: ConfigError[] } {
  const values: Record<string, unknown> = {};
  const errors: ConfigError[] = [];
  for (const [rawKey, rawValue] of Object.entries(layer)) {
    const key = canonicalConfigKey(rawKey);
    const schema = CONFIG_KEY_SCHEMAS[key];
    if (!schema) {
      values[key] = rawValue;
      continue;
    }
    const result = schema.safeParse(rawValue, { reportInput: true });
    if (!result.success) {
      for (const issue of result.error.issues) {
        const path = [rawKey, ...issue.path.map(String)].join('.');
        errors.push(new ConfigError(`${label}: ${path}: ${describeIssue(issue)}`, { location }));
      }
      continue;
    }
    values[key] = normalizeValue(key, result.data);
  }
  return { values, errors };
}

function normalizeValue(key: string, value: unknown): unknown {
  if (key === 'pre_hook' || key === 'post_hook') return normalizeHooks(value);
  if (key === 'severity' && typeof value === 'string') return value.toLowerCase();
  return value;
}

/** Merges a more specific layer over a less specific one, key by key with dbt's merge behaviours. */
export function mergeConfigs(base: Readonly<Record<string, unknown>>, over: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (!(key in base)) {
      result[key] = key === 'grants' && isRecord(value) ? mergeGrants({}, value) : value;
      continue;
    }
    const current = base[key];
    switch (mergeBehaviorOf(key)) {
      case 'append':
        result[key] = [...listify(current), ...listify(value)];
        break;
      case 'update':
        result[key] = isRecord(current) && isRecord(value) ? { ...current, ...value } : value;
        break;
      case 'dictKeyAppend':
        result[key] = isRecord(current) && isRecord(value) ? mergeGrants(current, value) : value;
        break;
      case 'clobber':
        result[key] = value;
        break;
    }
  }
  return result;
}

/** grants: a privilege written again replaces its grantees, unless written `+privilege` (then they add up). */
function mergeGrants(base: Readonly<Record<string, unknown>>, over: Readonly<Record<string, unknown>>): Record<string, unknown[]> {
  const result: Record<string, unknown[]> = {};
  for (const [privilege, grantees] of Object.entries(base)) result[privilege] = listify(grantees);
  for (const [written, grantees] of Object.entries(over)) {
    const extend = written.startsWith('+');
    const privilege = written.replace(/^\++/, '');
    result[privilege] = extend && privilege in result ? [...result[privilege]!, ...listify(grantees)] : listify(grantees);
  }
  return result;
}

const sharedFinalConfigs = new WeakMap<Record<string, unknown>, ResolvedNodeConfig>();

/** finalize(values), made once per project-file configuration and frozen, nested containers too. */
function sharedFinalConfig(values: Record<string, unknown>): ResolvedNodeConfig {
  let shared = sharedFinalConfigs.get(values);
  if (!shared) sharedFinalConfigs.set(values, (shared = deepFreeze(finalize(values))));
  return shared;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const nested of Object.values(value)) deepFreeze(nested);
  }
  return value;
}

function isEmpty(layer: Readonly<Record<string, unknown>> | undefined): boolean {
  if (layer === undefined) return true;
  for (const _ in layer) return false;
  return true;
}

function finalize(merged: Record<string, unknown>): ResolvedNodeConfig {
  const pre = merged.pre_hook as Hook[];
  const post = merged.post_hook as Hook[];
  const tags = [...new Set(listify(merged.tags).map(String))];
  const own: Record<string, unknown> = {};
  // Nested containers are copied, so no two nodes share one (the project file's part is cached).
  for (const [key, value] of Object.entries(merged)) own[key] = Array.isArray(value) ? [...value] : isPlainRecord(value) ? { ...value } : value;
  return {
    ...own,
    enabled: merged.enabled as boolean,
    materialized: merged.materialized as string,
    tags,
    meta: (merged.meta ?? {}) as Record<string, unknown>,
    pre_hook: pre.map((h) => h.sql),
    post_hook: post.map((h) => h.sql),
    hooks: { pre_hook: pre, post_hook: post },
  };
}

function listify(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? [...value] : [value];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
