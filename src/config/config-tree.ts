/**
 * Reading the resource config trees of a project file (`models:`, `seeds:`, …). At each level,
 * `+key` is always a config and a plain key is a config when its value is not a mapping;
 * a plain key with a mapping value is a package or folder name (dbt's rule).
 */
import { ConfigError } from '../errors/strata-error.js';
import { checkConfigValues, canonicalConfigKey, MAPPING_CONFIG_KEYS } from './config-keys.js';
import { formatKeyPath, type KeyPath } from './key-path.js';
import type { ConfigTree } from './project-config.js';
import type { ConfigWarning } from './warnings.js';
import { issueToError } from './zod-errors.js';
import { locateKeyPath, type YamlFile } from './yaml-file.js';

/** True when `value` is a YAML mapping. */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The configs written at one level of a tree (keys canonical, `+` removed), without the sub-levels. */
export function configsAtLevel(level: ConfigTree): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(level)) {
    if (key.startsWith('+')) result[canonicalConfigKey(key)] = value;
    else if (!isMapping(value)) result[canonicalConfigKey(key)] = value;
  }
  return result;
}

/**
 * The config levels that apply to a node, least specific first: the tree's top, then the
 * level of each fqn part (package, folders, node name) as far as the tree goes (dbt's fqn_search).
 */
export function configLevelsFor(tree: ConfigTree, fqn: readonly string[]): Record<string, unknown>[] {
  const levels = [configsAtLevel(tree)];
  let level: unknown = tree;
  for (const part of fqn) {
    const next: unknown = isMapping(level) ? level[part] : undefined;
    if (!isMapping(next)) break;
    levels.push(configsAtLevel(next));
    level = next;
  }
  return levels;
}

/** Checks the types of every known config in a tree; warns where a mapping config lacks its `+`. */
export function checkConfigTree(
  tree: ConfigTree,
  yamlFile: YamlFile,
  treePath: KeyPath,
): { errors: ConfigError[]; warnings: ConfigWarning[] } {
  const errors: ConfigError[] = [];
  const warnings: ConfigWarning[] = [];
  const walk = (level: Record<string, unknown>, path: KeyPath): void => {
    const configs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(level)) {
      if (key.startsWith('+') || !isMapping(value)) {
        configs[key] = value;
      } else {
        if (MAPPING_CONFIG_KEYS.has(key)) {
          warnings.push({
            message: `${formatKeyPath([...path, key])}: read as a folder or package name; write "+${key}" to set the ${key} config`,
            location: locateKeyPath(yamlFile, [...path, key]),
          });
        }
        walk(value, [...path, key]);
      }
    }
    for (const problem of checkConfigValues(configs)) {
      for (const issue of problem.issues) errors.push(issueToError(issue, yamlFile, [...path, problem.key]));
    }
  };
  walk({ ...tree }, treePath);
  return { errors, warnings };
}
