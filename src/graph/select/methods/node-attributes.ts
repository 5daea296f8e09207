/** Methods matching one attribute of a node: tag, group, access, package, resource_type. */
import type { AnyNode } from '../../../parse/manifest.js';
import { fnmatch } from '../../glob.js';
import { selectionError } from '../selection-error.js';
import { idsWhere, type SelectorMethod } from './method.js';

/** `tag:nightly` — any of the node's tags (from the node or its config). */
export const tagMethod: SelectorMethod = (context, { value }) =>
  idsWhere(context.index.all, (node) => tagsOf(node).some((tag) => fnmatch(tag, value)));

/** `group:finance` — nodes whose config names the group. */
export const groupMethod: SelectorMethod = (context, { value }) =>
  idsWhere(context.index.parsed, (node) => {
    const group = node.config.group ?? (node as unknown as Record<string, unknown>).group;
    return typeof group === 'string' && fnmatch(group, value);
  });

const ACCESS_LEVELS = ['private', 'protected', 'public'];

/** `access:public` — models by access level (models are protected unless configured). */
export const accessMethod: SelectorMethod = (context, criterion) => {
  if (!ACCESS_LEVELS.includes(criterion.value) && !/[*?[]/.test(criterion.value)) {
    throw selectionError(criterion.origin, `'${criterion.raw}': unknown access level '${criterion.value}'`, `Expected one of: ${ACCESS_LEVELS.join(', ')}.`);
  }
  return idsWhere(context.index.parsed, (node) => {
    if (node.resource_type !== 'model') return false;
    const access = (node as unknown as Record<string, unknown>).access ?? node.config.access ?? 'protected';
    return typeof access === 'string' && fnmatch(access, criterion.value);
  });
};

/** `package:my_project` (or `package:this` for the root project). */
export const packageMethod: SelectorMethod = (context, { value }) => {
  const pattern = value === 'this' ? context.manifest.project.name : value;
  return idsWhere(context.index.all, (node) => fnmatch(node.package_name, pattern));
};

/** Every resource type dbt knows; those strata has no nodes of simply match nothing. */
const RESOURCE_TYPES = [
  'model', 'analysis', 'test', 'snapshot', 'operation', 'seed', 'rpc', 'sql_operation', 'doc', 'source', 'macro',
  'exposure', 'metric', 'group', 'saved_query', 'semantic_model', 'unit_test', 'fixture',
];

/** `resource_type:model`. */
export const resourceTypeMethod: SelectorMethod = (context, criterion) => {
  if (!RESOURCE_TYPES.includes(criterion.value)) {
    throw selectionError(criterion.origin, `'${criterion.raw}': '${criterion.value}' is not a resource type`, `Expected one of: ${RESOURCE_TYPES.join(', ')}.`);
  }
  return idsWhere(context.index.all, (node) => node.resource_type === criterion.value);
};

function tagsOf(node: AnyNode): readonly string[] {
  const configTags = node.config.tags;
  if (!configTags || configTags.length === 0 || configTags === node.tags) return node.tags;
  return [...node.tags, ...configTags];
}
