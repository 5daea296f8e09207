/** Finding and loading the project file into a typed ProjectConfig with dbt's defaults. */
import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ConfigError, type StrataError } from '../errors/strata-error.js';
import { checkConfigTree, isMapping } from './config-tree.js';
import { displayPath } from './display-path.js';
import { CONFIG_TREE_KEYS, KNOWN_PROJECT_KEYS, projectFileSchema, type ConfigTree, type ProjectConfig, type QueryComment } from './project-config.js';
import { projectRenderFilter, renderYamlStrings } from './render-yaml.js';
import { hasJinja, type ConfigRenderer } from './renderer.js';
import type { ConfigWarning, WithWarnings } from './warnings.js';
import { gathered, locateKeyPath, readYamlFile, type YamlFile } from './yaml-file.js';
import { validateWithSchema } from './zod-errors.js';

/** The project file names strata reads, preferred first. */
export const PROJECT_FILE_NAMES = ['project.yml', 'dbt_project.yml'] as const;

/** strata's default query comment: a JSON object naming the tool, target and node. */
export const DEFAULT_QUERY_COMMENT =
  "{%- set c = {'app': 'strata', 'profile_name': target.get('profile_name'), 'target_name': target.get('target_name')} -%}" +
  "{%- if node is not none -%}{%- do c.update(node_id=node.unique_id) -%}{%- endif -%}{{ tojson(c) }}";

export interface LoadProjectOptions {
  /** Renders `{{ ... }}` in string values (not in hooks, vars or query-comment, which dbt renders later). */
  readonly render: ConfigRenderer;
  /** Base for file names in messages (default: the project directory). */
  readonly displayBase?: string;
}

/** The project file in `projectDir`: `project.yml` or `dbt_project.yml`; both or neither is an error. */
export async function findProjectFile(projectDir: string): Promise<string> {
  const root = resolve(projectDir);
  const found: string[] = [];
  for (const name of PROJECT_FILE_NAMES) {
    if (await exists(join(root, name))) found.push(join(root, name));
  }
  if (found.length === 2) {
    throw new ConfigError(`both project.yml and dbt_project.yml exist in ${root}`, {
      location: { file: found[1]! },
      hint: 'Keep one project file: they mean the same thing, and strata cannot tell which one you meant.',
    });
  }
  if (found.length === 0) {
    throw new ConfigError(`no project.yml or dbt_project.yml in ${root}`, {
      hint: 'Run strata from a project directory, or pass --project-dir.',
    });
  }
  return found[0]!;
}

/**
 * The profile a project file names, read before the rest of the file is rendered: the rest may use
 * `target`, which comes from that profile (dbt renders dbt_project.yml with it). A templated name is
 * rendered with `render`; a name that is not a string is left for the file's validation to report.
 */
export async function profileNameOf(yamlFile: YamlFile, render: ConfigRenderer): Promise<string | undefined> {
  const raw = isMapping(yamlFile.value) ? yamlFile.value.profile : undefined;
  if (typeof raw !== 'string') return undefined;
  return hasJinja(raw) ? render(raw, locateKeyPath(yamlFile, ['profile'])) : raw;
}

/** Reads, renders and validates the project file of `projectDir`; all of its errors at once. */
export async function loadProject(projectDir: string, options: LoadProjectOptions): Promise<WithWarnings<ProjectConfig>> {
  const projectFile = await findProjectFile(projectDir);
  const root = resolve(projectDir);
  const yamlFile = await readYamlFile(projectFile, displayPath(projectFile, options.displayBase ?? root));
  return parseProjectFile(yamlFile, { projectRoot: root, projectFile, render: options.render });
}

/** Builds the ProjectConfig from an already parsed project file. */
export async function parseProjectFile(
  yamlFile: YamlFile,
  options: { projectRoot: string; projectFile: string; render: ConfigRenderer },
): Promise<WithWarnings<ProjectConfig>> {
  const errors: StrataError[] = await renderYamlStrings(yamlFile, options.render, projectRenderFilter);
  const warnings: ConfigWarning[] = [];
  const raw: unknown = yamlFile.value ?? {};
  if (!isMapping(raw)) {
    throw new ConfigError('the project file must be a mapping of keys (name:, profile:, ...)', {
      location: locateKeyPath(yamlFile, []),
    });
  }
  const validated = validateWithSchema(projectFileSchema, raw, yamlFile);
  if (!validated.ok) errors.push(...validated.errors);
  for (const key of Object.keys(raw)) {
    if (!KNOWN_PROJECT_KEYS.has(key)) {
      warnings.push({ message: `unknown key "${key}" in the project file (ignored)`, location: locateKeyPath(yamlFile, [key]) });
    }
  }
  for (const [old, current] of [
    ['source-paths', 'model-paths'],
    ['data-paths', 'seed-paths'],
  ] as const) {
    if (old in raw && current in raw) {
      errors.push(new ConfigError(`${old} and ${current} cannot both be set`, { location: locateKeyPath(yamlFile, [old]), hint: `Keep only ${current}.` }));
    } else if (old in raw) {
      warnings.push({ message: `${old} is deprecated; use ${current}`, location: locateKeyPath(yamlFile, [old]) });
    }
  }
  if ('tests' in raw && 'data_tests' in raw) {
    errors.push(new ConfigError('tests and data_tests cannot both be set', { location: locateKeyPath(yamlFile, ['tests']), hint: 'Keep only data_tests.' }));
  }
  for (const key of CONFIG_TREE_KEYS) {
    const tree = raw[key];
    if (!isMapping(tree)) continue;
    const checked = checkConfigTree(tree, yamlFile, [key]);
    errors.push(...checked.errors);
    warnings.push(...checked.warnings);
  }
  if (errors.length > 0 || !validated.ok) throw gathered(errors);
  return { value: toProjectConfig(validated.data, options.projectRoot, options.projectFile), warnings };
}

type ProjectFile = ReturnType<typeof projectFileSchema.parse>;

function toProjectConfig(file: ProjectFile, projectRoot: string, projectFile: string): ProjectConfig {
  const modelPaths = file['model-paths'] ?? file['source-paths'] ?? ['models'];
  const seedPaths = file['seed-paths'] ?? file['data-paths'] ?? ['seeds'];
  const testPaths = file['test-paths'] ?? ['tests'];
  const macroPaths = file['macro-paths'] ?? ['macros'];
  const snapshotPaths = file['snapshot-paths'] ?? ['snapshots'];
  const analysisPaths = file['analysis-paths'] ?? ['analyses'];
  const targetPath = file['target-path'] ?? 'target';
  const allSourcePaths = [...new Set([...modelPaths, ...seedPaths, ...snapshotPaths, ...analysisPaths, ...macroPaths, ...testPaths].map((p) => p.replace(/\/+$/, '')))];
  const tree = (value: unknown): ConfigTree => (isMapping(value) ? value : {});
  return {
    name: file.name,
    version: file.version,
    config_version: file['config-version'] ?? 2,
    profile: file.profile ?? undefined,
    project_root: projectRoot,
    project_file: projectFile,
    model_paths: modelPaths,
    seed_paths: seedPaths,
    test_paths: testPaths,
    macro_paths: macroPaths,
    snapshot_paths: snapshotPaths,
    analysis_paths: analysisPaths,
    docs_paths: file['docs-paths'] ?? allSourcePaths,
    asset_paths: file['asset-paths'] ?? [],
    target_path: targetPath,
    clean_targets: file['clean-targets'] ?? [targetPath],
    packages_install_path: file['packages-install-path'] ?? 'dbt_packages',
    vars: tree(file.vars),
    models: tree(file.models),
    seeds: tree(file.seeds),
    snapshots: tree(file.snapshots),
    data_tests: tree(file.data_tests ?? file.tests),
    sources: tree(file.sources),
    unit_tests: tree(file.unit_tests),
    analyses: tree(file.analyses),
    exposures: tree(file.exposures),
    metrics: tree(file.metrics),
    semantic_models: tree(file.semantic_models ?? file['semantic-models']),
    saved_queries: tree(file.saved_queries ?? file['saved-queries']),
    on_run_start: file['on-run-start'] ?? [],
    on_run_end: file['on-run-end'] ?? [],
    dispatch: (file.dispatch ?? []).map((d) => ({ macro_namespace: d.macro_namespace, search_order: d.search_order })),
    require_dbt_version: file['require-dbt-version'] ?? [],
    quoting: {
      ...(file.quoting?.database !== undefined && { database: file.quoting.database }),
      ...(file.quoting?.schema !== undefined && { schema: file.quoting.schema }),
      ...(file.quoting?.identifier !== undefined && { identifier: file.quoting.identifier }),
    },
    query_comment: queryCommentOf(file),
    flags: file.flags ?? {},
    restrict_access: file['restrict-access'] ?? false,
  };
}

function queryCommentOf(file: ProjectFile): QueryComment {
  if (!('query-comment' in file)) return { comment: DEFAULT_QUERY_COMMENT, append: false, job_label: false };
  const value = file['query-comment'];
  if (value === null || value === undefined || value === '') return { comment: null, append: false, job_label: false };
  if (typeof value === 'string') return { comment: value, append: false, job_label: false };
  return {
    comment: value.comment === undefined ? DEFAULT_QUERY_COMMENT : value.comment || null,
    append: value.append ?? false,
    job_label: value['job-label'] ?? false,
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
