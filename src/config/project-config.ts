/** The project file (`project.yml`, or `dbt_project.yml` for existing projects): its schema and typed result. */
import { z } from 'zod';
import { anyMapping, oneOrMany, stringOrStrings, yamlBoolean, yamlInt, yamlText } from './yaml-scalars.js';

/** A resource config tree of the project file (`models:`, `seeds:`, …): packages and folders down to nodes. */
export type ConfigTree = Readonly<Record<string, unknown>>;

export interface DispatchEntry {
  readonly macro_namespace: string;
  readonly search_order: readonly string[];
}

export interface QueryComment {
  /** The comment template (Jinja, rendered at execute time); null turns query comments off. */
  readonly comment: string | null;
  readonly append: boolean;
  readonly job_label: boolean;
}

/** A project after loading: dbt's keys with dbt's defaults, paths relative to `project_root`. */
export interface ProjectConfig {
  readonly name: string;
  readonly version?: string;
  readonly config_version: number;
  /** The profile to connect with; undefined when the project names none (then the built-in target is used). */
  readonly profile?: string;
  /** Absolute directory of the project file. */
  readonly project_root: string;
  /** Absolute path of the project file that was read. */
  readonly project_file: string;
  readonly model_paths: readonly string[];
  readonly seed_paths: readonly string[];
  readonly test_paths: readonly string[];
  readonly macro_paths: readonly string[];
  readonly snapshot_paths: readonly string[];
  readonly analysis_paths: readonly string[];
  readonly docs_paths: readonly string[];
  readonly asset_paths: readonly string[];
  readonly target_path: string;
  readonly clean_targets: readonly string[];
  readonly packages_install_path: string;
  /** `vars:` as written (not rendered: dbt renders vars when they are used). */
  readonly vars: Readonly<Record<string, unknown>>;
  readonly models: ConfigTree;
  readonly seeds: ConfigTree;
  readonly snapshots: ConfigTree;
  /** `data_tests:` (or the older `tests:`). */
  readonly data_tests: ConfigTree;
  readonly sources: ConfigTree;
  readonly unit_tests: ConfigTree;
  readonly analyses: ConfigTree;
  readonly exposures: ConfigTree;
  readonly metrics: ConfigTree;
  readonly semantic_models: ConfigTree;
  readonly saved_queries: ConfigTree;
  /** Run hooks as written (rendered at run time). */
  readonly on_run_start: readonly string[];
  readonly on_run_end: readonly string[];
  readonly dispatch: readonly DispatchEntry[];
  readonly require_dbt_version: readonly string[];
  readonly quoting: Readonly<{ database?: boolean; schema?: boolean; identifier?: boolean }>;
  readonly query_comment: QueryComment;
  /** `flags:` (dbt's project-level behaviour flags), as written. */
  readonly flags: Readonly<Record<string, unknown>>;
  readonly restrict_access: boolean;
}

const paths = oneOrMany(z.string(), 'a folder path or a list of folder paths');
const configTree = z.record(z.string(), z.unknown(), { error: 'a mapping of packages and folders to configs' }).nullable();
const runHooks = z.union([z.string().transform((s) => [s]), z.array(z.string()), z.null()], {
  error: 'a SQL string or a list of SQL strings',
});

/** The project file's known keys (kebab-case as dbt documents them). Unknown keys are kept and warned about. */
export const projectFileSchema = z.looseObject({
  name: z.string({ error: 'a project name (letters, digits and underscores)' }).regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
    error: 'a project name of letters, digits and underscores, not starting with a digit',
  }),
  version: yamlText.optional(),
  'config-version': yamlInt.optional(),
  profile: z.union([z.string(), z.null()], { error: 'a profile name' }).optional(),
  'model-paths': paths.optional(),
  'seed-paths': paths.optional(),
  'test-paths': paths.optional(),
  'macro-paths': paths.optional(),
  'snapshot-paths': paths.optional(),
  'analysis-paths': paths.optional(),
  'docs-paths': paths.optional(),
  'asset-paths': paths.optional(),
  'target-path': z.string().optional(),
  'clean-targets': paths.optional(),
  'packages-install-path': z.string().optional(),
  // dbt < 1.0 spellings, still read
  'source-paths': paths.optional(),
  'data-paths': paths.optional(),
  'log-path': z.string().optional(),
  vars: z.record(z.string(), z.unknown(), { error: 'a mapping of variable names to values' }).nullable().optional(),
  models: configTree.optional(),
  seeds: configTree.optional(),
  snapshots: configTree.optional(),
  tests: configTree.optional(),
  data_tests: configTree.optional(),
  sources: configTree.optional(),
  unit_tests: configTree.optional(),
  analyses: configTree.optional(),
  exposures: configTree.optional(),
  metrics: configTree.optional(),
  'semantic-models': configTree.optional(),
  semantic_models: configTree.optional(),
  'saved-queries': configTree.optional(),
  saved_queries: configTree.optional(),
  'on-run-start': runHooks.optional(),
  'on-run-end': runHooks.optional(),
  dispatch: z
    .array(z.looseObject({ macro_namespace: z.string(), search_order: z.array(z.string()) }), {
      error: 'a list of {macro_namespace: ..., search_order: [...]}',
    })
    .optional(),
  'require-dbt-version': stringOrStrings.optional(),
  quoting: z
    .looseObject({ database: yamlBoolean.optional(), schema: yamlBoolean.optional(), identifier: yamlBoolean.optional() })
    .optional(),
  'query-comment': z
    .union(
      [
        z.string(),
        z.null(),
        z.looseObject({ comment: z.string().nullable().optional(), append: yamlBoolean.optional(), 'job-label': yamlBoolean.optional() }),
      ],
      { error: 'a comment string, null, or {comment: ..., append: true|false}' },
    )
    .optional(),
  flags: anyMapping.optional(),
  'restrict-access': yamlBoolean.optional(),
  'dbt-cloud': anyMapping.optional(),
  'function-paths': paths.optional(),
  functions: configTree.optional(),
});

/** Top-level keys a project file may have; anything else is warned about. */
export const KNOWN_PROJECT_KEYS: ReadonlySet<string> = new Set(Object.keys(projectFileSchema.shape));

/** The resource config trees of a project file, by their key in the file. */
export const CONFIG_TREE_KEYS = [
  'models',
  'seeds',
  'snapshots',
  'tests',
  'data_tests',
  'sources',
  'unit_tests',
  'analyses',
  'exposures',
  'metrics',
  'semantic-models',
  'semantic_models',
  'saved-queries',
  'saved_queries',
  'functions',
] as const;
