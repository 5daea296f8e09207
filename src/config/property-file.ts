/**
 * Loading one property file (`models/schema.yml`, …) into typed entries with their positions,
 * gathering every error of the file.
 */
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { z } from 'zod';
import { ConfigError, type SourceLocation, type StrataError } from '../errors/strata-error.js';
import { checkConfigValues } from './config-keys.js';
import { isMapping } from './config-tree.js';
import { displayPath } from './display-path.js';
import { formatKeyPath, type KeyPath } from './key-path.js';
import type { ProjectConfig } from './project-config.js';
import {
  columnSchema,
  exposureSchema,
  KNOWN_KEYS,
  macroSchema,
  modelSchema,
  modelVersionSchema,
  propertyFileSchema,
  sourceSchema,
  sourceTableSchema,
  unitTestSchema,
} from './property-schema.js';
import { isHookKey, renderYamlStrings } from './render-yaml.js';
import type { ConfigRenderer } from './renderer.js';
import { normalizeTestList, TEST_CONFIG_KEYS, type TestEntry } from './test-entry.js';
import type { ConfigWarning, WithWarnings } from './warnings.js';
import { gathered, locateKeyPath, readYamlFile, type YamlFile } from './yaml-file.js';
import { issueToError, validateWithSchema } from './zod-errors.js';

type Mapping = Readonly<Record<string, unknown>>;

export interface ColumnProperties {
  readonly name: string;
  readonly description: string;
  readonly data_type?: string;
  readonly constraints: readonly Mapping[];
  readonly tests: readonly TestEntry[];
  readonly meta: Mapping;
  readonly tags: readonly string[];
  readonly quote?: boolean;
  readonly config: Mapping;
  readonly location: SourceLocation;
}

/** What every entry that describes a node has. `config` already includes top-level tags, meta, docs. */
export interface NodeProperties {
  readonly name: string;
  readonly description: string;
  readonly config: Mapping;
  readonly columns: readonly ColumnProperties[];
  readonly tests: readonly TestEntry[];
  readonly meta: Mapping;
  readonly tags: readonly string[];
  readonly location: SourceLocation;
}

export interface ModelVersionProperties {
  readonly v: string | number;
  readonly defined_in?: string;
  readonly description?: string;
  readonly config: Mapping;
  /** Columns declared on the version; `include`/`exclude` say which of the model's columns it keeps. */
  readonly columns: readonly ColumnProperties[];
  readonly include?: 'all' | readonly string[];
  readonly exclude: readonly string[];
  readonly tests: readonly TestEntry[];
  readonly location: SourceLocation;
}

export interface ModelProperties extends NodeProperties {
  readonly access?: 'private' | 'protected' | 'public';
  readonly latest_version?: string | number;
  readonly versions: readonly ModelVersionProperties[];
  readonly constraints: readonly Mapping[];
}

export interface SnapshotProperties extends NodeProperties {
  /** The YAML-defined snapshot's input: `ref('x')` or `source('a', 'b')` (Jinja, rendered by parse). */
  readonly relation?: string;
}

export interface SourceTableProperties extends NodeProperties {
  /** The keys the entry writes (an overriding source's tables apply only those). */
  readonly writtenKeys?: readonly string[];
  readonly identifier: string;
  readonly loaded_at_field?: string;
  readonly freshness?: Mapping | null;
  readonly quoting: Mapping;
  readonly external?: Mapping;
}

export interface SourceProperties {
  readonly name: string;
  readonly description: string;
  readonly database?: string;
  /** Defaults to the source's name, as in dbt. */
  readonly schema: string;
  readonly loader: string;
  readonly loaded_at_field?: string;
  readonly freshness?: Mapping | null;
  readonly quoting: Mapping;
  readonly tables: readonly SourceTableProperties[];
  readonly config: Mapping;
  readonly meta: Mapping;
  readonly tags: readonly string[];
  /** The package whose source this entry overrides. */
  readonly overrides?: string;
  /** For an overriding entry: the keys it writes (only those are applied over the package's source). */
  readonly writtenKeys?: readonly string[];
  readonly location: SourceLocation;
}

export interface MacroProperties {
  readonly name: string;
  readonly description: string;
  readonly arguments: readonly { readonly name: string; readonly type?: string; readonly description: string }[];
  readonly docs?: Mapping;
  readonly meta: Mapping;
  readonly location: SourceLocation;
}

export interface UnitTestFixture {
  readonly rows?: readonly Mapping[] | string;
  readonly format: 'dict' | 'csv' | 'sql';
  readonly fixture?: string;
}

export interface UnitTestProperties {
  readonly name: string;
  readonly model: string;
  readonly description: string;
  /** Each input: `ref('x')`/`source('a','b')` (Jinja text) and its rows. */
  readonly given: readonly (UnitTestFixture & { readonly input: string })[];
  readonly expect: UnitTestFixture;
  readonly overrides: { readonly macros: Mapping; readonly vars: Mapping; readonly env_vars: Mapping };
  readonly config: Mapping;
  readonly versions?: Mapping;
  readonly location: SourceLocation;
}

export interface ExposureProperties {
  readonly name: string;
  readonly type: string;
  readonly owner: Mapping;
  readonly depends_on: readonly string[];
  readonly description: string;
  readonly raw: Mapping;
  readonly location: SourceLocation;
}

export interface SingularTestProperties {
  readonly name: string;
  readonly description: string;
  readonly config: Mapping;
  readonly location: SourceLocation;
}

/** One property file, typed. */
export interface PropertyFile {
  /** Path relative to the project root (dbt's original_file_path). */
  readonly file: string;
  readonly absolute_path: string;
  readonly version?: number;
  readonly models: readonly ModelProperties[];
  readonly sources: readonly SourceProperties[];
  readonly seeds: readonly NodeProperties[];
  readonly snapshots: readonly SnapshotProperties[];
  readonly analyses: readonly NodeProperties[];
  readonly macros: readonly MacroProperties[];
  readonly unit_tests: readonly UnitTestProperties[];
  readonly exposures: readonly ExposureProperties[];
  readonly data_tests: readonly SingularTestProperties[];
}

export interface LoadPropertyFileOptions {
  readonly projectRoot: string;
  /** Renders Jinja in values; descriptions, tests, hooks and unit test fixtures are left for later. */
  readonly render: ConfigRenderer;
}

/** The `*.yml`/`*.yaml` files under a project's model, seed, snapshot, analysis, macro and test paths (absolute, sorted). */
export async function findPropertyFiles(project: ProjectConfig): Promise<string[]> {
  const roots = [...project.model_paths, ...project.seed_paths, ...project.snapshot_paths, ...project.analysis_paths, ...project.macro_paths, ...project.test_paths];
  const found = new Set<string>();
  for (const root of new Set(roots.map((p) => resolve(project.project_root, p)))) {
    let entries: Dirent[];
    try {
      // With file types: without them Node stats every entry to know the folders (40 ms for 10,000 models).
      entries = await readdir(root, { recursive: true, withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) if (!entry.isDirectory() && /\.ya?ml$/i.test(entry.name)) found.add(join(entry.parentPath ?? entry.path, entry.name));
  }
  return [...found].sort();
}

/**
 * dbt leaves descriptions, tests, hooks and unit-test fixtures unrendered until they are used, except
 * a data test's config values (`severity: "{{ 'error' if target.name == 'prod' else 'warn' }}"`),
 * which it renders with the property file's context, natively.
 */
export function propertyRenderFilter(path: KeyPath): boolean {
  if (path[0] === 'unit_tests' && (path.includes('given') || path.includes('expect') || path.includes('overrides'))) return false;
  if (isTestConfigValue(path)) return true;
  return !path.some((part) => typeof part === 'string' && (part === 'description' || part === 'tests' || part === 'data_tests' || isHookKey(part)));
}

/**
 * Whether `path` is a config value of a data test entry: `…tests[i].<test>.config.<key>`,
 * `…tests[i].<test>.<key>` for a config key written beside the arguments, and the same without
 * `<test>` in the `test_name:` form. Nested values (inside `meta:`) are not rendered, as in dbt.
 */
export function isTestConfigValue(path: KeyPath): boolean {
  let tests = -1;
  for (let i = path.length - 1; i >= 0; i--) if (path[i] === 'tests' || path[i] === 'data_tests') { tests = i; break; }
  if (tests < 0 || typeof path[tests + 1] !== 'number') return false;
  const rest = path.slice(tests + 2);
  const isConfigKey = (part: unknown) => typeof part === 'string' && TEST_CONFIG_KEYS.has(part);
  if (rest.length === 3) return rest[1] === 'config' && typeof rest[2] === 'string';
  if (rest.length === 2) return rest[0] === 'config' || isConfigKey(rest[1]);
  return rest.length === 1 && isConfigKey(rest[0]);
}

/** Reads, renders and validates one property file. */
export async function loadPropertyFile(absolutePath: string, options: LoadPropertyFileOptions): Promise<WithWarnings<PropertyFile>> {
  const file = displayPath(absolutePath, options.projectRoot);
  const yamlFile = await readYamlFile(absolutePath, file);
  return parsePropertyFile(yamlFile, { absolutePath, render: options.render, relativePath: relative(options.projectRoot, absolutePath) });
}

/** Builds a PropertyFile from an already parsed file. */
export async function parsePropertyFile(
  yamlFile: YamlFile,
  options: { absolutePath: string; relativePath: string; render: ConfigRenderer },
): Promise<WithWarnings<PropertyFile>> {
  const errors: StrataError[] = await renderYamlStrings(yamlFile, options.render, propertyRenderFilter, isTestConfigValue);
  const reader = new PropertyReader(yamlFile);
  const raw: unknown = yamlFile.value ?? {};
  if (!isMapping(raw)) {
    throw new ConfigError('a property file must be a mapping (version:, models:, sources:, ...)', { location: locateKeyPath(yamlFile, []) });
  }
  const validated = validateWithSchema(propertyFileSchema, raw, yamlFile);
  if (!validated.ok) {
    throw gathered([...errors, ...validated.errors]);
  }
  reader.warnUnknown(raw, KNOWN_KEYS.top, []);
  const data = validated.data;
  const result: PropertyFile = {
    file: options.relativePath,
    absolute_path: options.absolutePath,
    ...(data.version !== undefined && { version: data.version }),
    models: (data.models ?? []).map((m, i) => reader.model(m, ['models', i])),
    sources: (data.sources ?? []).map((s, i) => reader.source(s, ['sources', i])),
    seeds: (data.seeds ?? []).map((s, i) => reader.node(s, ['seeds', i], KNOWN_KEYS.resource)),
    snapshots: (data.snapshots ?? []).map((s, i) => ({ ...reader.node(s, ['snapshots', i], KNOWN_KEYS.snapshot), ...(s.relation !== undefined && { relation: s.relation }) })),
    analyses: (data.analyses ?? []).map((a, i) => reader.node(a, ['analyses', i], KNOWN_KEYS.resource)),
    macros: (data.macros ?? []).map((m, i) => reader.macro(m, ['macros', i])),
    unit_tests: (data.unit_tests ?? []).map((u, i) => reader.unitTest(u, ['unit_tests', i])),
    exposures: (data.exposures ?? []).map((e, i) => reader.exposure(e, ['exposures', i])),
    data_tests: (data.data_tests ?? []).map((t, i) => ({
      name: t.name,
      description: t.description ?? '',
      config: reader.config(t, ['data_tests', i]),
      location: locateKeyPath(yamlFile, ['data_tests', i]),
    })),
  };
  errors.push(...reader.errors);
  if (errors.length > 0) throw gathered(errors);
  return { value: result, warnings: reader.warnings };
}

type ColumnInput = z.output<typeof columnSchema>;
type NodeInput = {
  name: string;
  description?: string | null;
  config?: Record<string, unknown> | null;
  columns?: ColumnInput[] | null;
  tests?: unknown[] | null;
  data_tests?: unknown[] | null;
  meta?: Record<string, unknown> | null;
  tags?: string[] | null;
  docs?: Record<string, unknown> | null;
};

/** Turns validated entries into typed properties, checking config values and tests on the way. */
class PropertyReader {
  readonly errors: ConfigError[] = [];
  readonly warnings: ConfigWarning[] = [];
  constructor(private readonly yamlFile: YamlFile) {}

  warnUnknown(entry: Mapping, known: ReadonlySet<string>, path: KeyPath): void {
    for (const key of Object.keys(entry)) {
      if (!known.has(key)) this.warnings.push({ message: `${formatKeyPath([...path, key])}: unknown key (ignored)`, location: locateKeyPath(this.yamlFile, [...path, key]) });
    }
  }

  /** The entry's `config:` with top-level tags, meta and docs folded in, every known value type-checked. */
  config(entry: NodeInput | { config?: Record<string, unknown> | null; meta?: Record<string, unknown> | null; tags?: string[] | null }, path: KeyPath, extra: Mapping = {}): Mapping {
    const written = entry.config ?? {};
    for (const problem of checkConfigValues(written)) {
      for (const issue of problem.issues) this.errors.push(issueToError(issue, this.yamlFile, [...path, 'config', problem.key]));
    }
    const config: Record<string, unknown> = { ...extra, ...written };
    if (entry.tags && entry.tags.length > 0) config.tags = [...listify(written.tags), ...entry.tags];
    if (entry.meta) config.meta = { ...entry.meta, ...(isMapping(written.meta) ? written.meta : {}) };
    if ('docs' in entry && entry.docs && !('docs' in written)) config.docs = entry.docs;
    return config;
  }

  tests(entry: { tests?: unknown[] | null; data_tests?: unknown[] | null }, path: KeyPath, columnName?: string): TestEntry[] {
    if (entry.tests && entry.data_tests) {
      this.errors.push(new ConfigError(`${formatKeyPath(path)}: tests and data_tests cannot both be set`, { location: locateKeyPath(this.yamlFile, [...path, 'tests']), hint: 'Keep data_tests.' }));
    }
    const key = entry.data_tests ? 'data_tests' : 'tests';
    const normalized = normalizeTestList(entry[key], this.yamlFile, [...path, key], columnName);
    this.errors.push(...normalized.errors);
    this.warnings.push(...normalized.warnings);
    return normalized.tests;
  }

  column(column: ColumnInput, path: KeyPath): ColumnProperties {
    this.warnUnknown(column, KNOWN_KEYS.column, path);
    const config = this.config(column, path);
    return {
      name: column.name,
      description: column.description ?? '',
      ...(column.data_type && { data_type: column.data_type }),
      constraints: column.constraints ?? [],
      tests: this.tests(column, path, column.name),
      meta: isMapping(config.meta) ? config.meta : {},
      tags: listify(config.tags).map(String),
      ...(column.quote !== undefined && column.quote !== null && { quote: column.quote }),
      config,
      location: locateKeyPath(this.yamlFile, path),
    };
  }

  node(entry: NodeInput, path: KeyPath, known: ReadonlySet<string>, extraConfig: Mapping = {}): NodeProperties {
    this.warnUnknown(entry, known, path);
    const config = this.config(entry, path, extraConfig);
    return {
      name: entry.name,
      description: entry.description ?? '',
      config,
      columns: (entry.columns ?? []).map((c, i) => this.column(c, [...path, 'columns', i])),
      tests: this.tests(entry, path),
      meta: isMapping(config.meta) ? config.meta : {},
      tags: listify(config.tags).map(String),
      location: locateKeyPath(this.yamlFile, path),
    };
  }

  model(model: z.output<typeof modelSchema>, path: KeyPath): ModelProperties {
    const extra: Record<string, unknown> = {};
    if (model.access) extra.access = model.access;
    if (model.group) extra.group = model.group;
    return {
      ...this.node(model, path, KNOWN_KEYS.model, extra),
      ...(model.access && { access: model.access }),
      ...(model.latest_version !== undefined && { latest_version: model.latest_version }),
      versions: (model.versions ?? []).map((v, i) => this.modelVersion(v, [...path, 'versions', i])),
      constraints: model.constraints ?? [],
    };
  }

  modelVersion(version: z.output<typeof modelVersionSchema>, path: KeyPath): ModelVersionProperties {
    let include: 'all' | readonly string[] | undefined;
    let exclude: readonly string[] = [];
    const columns: ColumnProperties[] = [];
    (version.columns ?? []).forEach((column, i) => {
      if ('include' in column && !('name' in column)) {
        const inc = column.include as 'all' | '*' | string[];
        include = inc === '*' ? 'all' : inc;
        exclude = (column.exclude as string[] | undefined) ?? [];
      } else {
        columns.push(this.column(column as ColumnInput, [...path, 'columns', i]));
      }
    });
    return {
      v: version.v,
      ...(version.defined_in !== undefined && { defined_in: version.defined_in }),
      ...(version.description !== undefined && version.description !== null && { description: version.description }),
      config: this.config(version, path),
      columns,
      ...(include !== undefined && { include }),
      exclude,
      tests: this.tests(version, path),
      location: locateKeyPath(this.yamlFile, path),
    };
  }

  source(source: z.output<typeof sourceSchema>, path: KeyPath): SourceProperties {
    this.warnUnknown(source, KNOWN_KEYS.source, path);
    const config = this.config(source, path);
    return {
      name: source.name,
      description: source.description ?? '',
      ...(source.database && { database: source.database }),
      schema: source.schema ?? source.name,
      loader: source.loader ?? '',
      ...(source.loaded_at_field && { loaded_at_field: source.loaded_at_field }),
      ...(source.freshness !== undefined && { freshness: source.freshness }),
      quoting: source.quoting ?? {},
      tables: (source.tables ?? []).map((t, i) => this.sourceTable(t, [...path, 'tables', i], source.overrides !== undefined)),
      config,
      meta: isMapping(config.meta) ? config.meta : {},
      tags: listify(config.tags).map(String),
      ...(source.overrides !== undefined && { overrides: source.overrides, writtenKeys: Object.keys(source) }),
      location: locateKeyPath(this.yamlFile, path),
    };
  }

  sourceTable(table: z.output<typeof sourceTableSchema>, path: KeyPath, overriding = false): SourceTableProperties {
    return {
      ...this.node(table, path, KNOWN_KEYS.table),
      ...(overriding && { writtenKeys: Object.keys(table) }),
      identifier: table.identifier ?? table.name,
      ...(table.loaded_at_field && { loaded_at_field: table.loaded_at_field }),
      ...(table.freshness !== undefined && { freshness: table.freshness }),
      quoting: table.quoting ?? {},
      ...(table.external && { external: table.external }),
    };
  }

  macro(macro: z.output<typeof macroSchema>, path: KeyPath): MacroProperties {
    return {
      name: macro.name,
      description: macro.description ?? '',
      arguments: (macro.arguments ?? []).map((a) => ({ name: a.name, ...(a.type && { type: a.type }), description: a.description ?? '' })),
      ...(macro.docs && { docs: macro.docs }),
      meta: macro.meta ?? {},
      location: locateKeyPath(this.yamlFile, path),
    };
  }

  unitTest(test: z.output<typeof unitTestSchema>, path: KeyPath): UnitTestProperties {
    const fixture = (f: { rows?: readonly Mapping[] | string | null; format?: 'dict' | 'csv' | 'sql'; fixture?: string }): UnitTestFixture => ({
      ...(f.rows !== undefined && f.rows !== null && { rows: f.rows }),
      format: f.format ?? 'dict',
      ...(f.fixture !== undefined && { fixture: f.fixture }),
    });
    return {
      name: test.name,
      model: test.model,
      description: test.description ?? '',
      given: (test.given ?? []).map((g) => ({ input: g.input, ...fixture(g) })),
      expect: fixture(test.expect),
      overrides: { macros: test.overrides?.macros ?? {}, vars: test.overrides?.vars ?? {}, env_vars: test.overrides?.env_vars ?? {} },
      config: this.config(test, path),
      ...(test.versions && { versions: test.versions }),
      location: locateKeyPath(this.yamlFile, path),
    };
  }

  exposure(exposure: z.output<typeof exposureSchema>, path: KeyPath): ExposureProperties {
    return {
      name: exposure.name,
      type: exposure.type,
      owner: exposure.owner,
      depends_on: exposure.depends_on ?? [],
      description: exposure.description ?? '',
      raw: exposure,
      location: locateKeyPath(this.yamlFile, path),
    };
  }
}

function listify(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
