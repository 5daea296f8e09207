/**
 * zod schemas of property files (`schema.yml` and friends): the shapes dbt documents for
 * models, sources, seeds, snapshots, analyses, macros, unit tests and exposures. Test entries
 * and `config:` values are only checked for being a list/mapping here; test-entry.ts and
 * config-keys.ts check them in detail.
 */
import { z } from 'zod';
import { anyMapping, stringOrStrings, yamlBoolean, yamlInt, yamlText } from './yaml-scalars.js';

const description = z.string({ error: 'a description (text)' }).nullable().optional();
const optionalMapping = z.record(z.string(), z.unknown(), { error: 'a mapping (key: value)' }).nullable().optional();
const testList = z.array(z.unknown(), { error: 'a list of tests' }).nullable().optional();
const tags = z.union([stringOrStrings, z.null()], { error: 'a string or a list of strings' }).optional();
const docs = z.looseObject({ show: yamlBoolean.optional(), node_color: z.string().nullable().optional() }).nullable().optional();
const constraints = z.array(anyMapping, { error: 'a list of constraints ({type: ...})' }).nullable().optional();

export const columnSchema = z.looseObject({
  name: yamlText,
  description,
  data_type: z.string({ error: 'a type name' }).nullable().optional(),
  constraints,
  tests: testList,
  data_tests: testList,
  meta: optionalMapping,
  tags,
  quote: yamlBoolean.nullable().optional(),
  config: optionalMapping,
  granularity: z.string().optional(),
});

const columns = z.array(columnSchema, { error: 'a list of columns ({name: ..., description: ...})' }).nullable().optional();

const resource = {
  name: yamlText,
  description,
  config: optionalMapping,
  columns,
  tests: testList,
  data_tests: testList,
  meta: optionalMapping,
  tags,
  docs,
};

const versionColumn = z.union([columnSchema, z.looseObject({ include: z.union([z.literal('all'), z.literal('*'), z.array(z.string())]), exclude: z.array(z.string()).optional() })], {
  error: 'a column ({name: ...}) or {include: all, exclude: [...]}',
});

const versionId = z.union([z.string(), z.number()], { error: 'a version (number or text)' });

export const modelVersionSchema = z.looseObject({
  v: versionId,
  defined_in: z.string().optional(),
  description,
  config: optionalMapping,
  columns: z.array(versionColumn, { error: 'a list of columns' }).nullable().optional(),
  tests: testList,
  data_tests: testList,
  constraints,
  docs,
  access: z.enum(['private', 'protected', 'public']).optional(),
  deprecation_date: z.unknown().optional(),
});

export const modelSchema = z.looseObject({
  ...resource,
  access: z.enum(['private', 'protected', 'public']).optional(),
  group: z.string().optional(),
  latest_version: versionId.optional(),
  versions: z.array(modelVersionSchema, { error: 'a list of versions ({v: 1, ...})' }).nullable().optional(),
  constraints,
  deprecation_date: z.unknown().optional(),
  time_spine: z.unknown().optional(),
});

const freshnessPeriod = z.looseObject({ count: yamlInt.nullable().optional(), period: z.enum(['minute', 'hour', 'day']).nullable().optional() });
export const freshnessSchema = z.union(
  [z.looseObject({ warn_after: freshnessPeriod.nullable().optional(), error_after: freshnessPeriod.nullable().optional(), filter: z.string().nullable().optional() }), z.null()],
  { error: 'a mapping {warn_after: {count: 12, period: hour}, error_after: ...} or null' },
);

const quoting = z.looseObject({ database: yamlBoolean.optional(), schema: yamlBoolean.optional(), identifier: yamlBoolean.optional(), column: yamlBoolean.optional() }).nullable().optional();

export const sourceTableSchema = z.looseObject({
  ...resource,
  identifier: z.string().optional(),
  loaded_at_field: z.string().nullable().optional(),
  loaded_at_query: z.string().nullable().optional(),
  freshness: freshnessSchema.optional(),
  quoting,
  external: optionalMapping,
});

export const sourceSchema = z.looseObject({
  name: yamlText,
  description,
  database: z.string().nullable().optional(),
  schema: z.string().nullable().optional(),
  loader: z.string().nullable().optional(),
  loaded_at_field: z.string().nullable().optional(),
  loaded_at_query: z.string().nullable().optional(),
  freshness: freshnessSchema.optional(),
  quoting,
  tables: z.array(sourceTableSchema, { error: 'a list of tables ({name: ...})' }).nullable().optional(),
  config: optionalMapping,
  meta: optionalMapping,
  tags,
  overrides: z.string().optional(),
});

export const snapshotSchema = z.looseObject({ ...resource, relation: z.string().optional() });

export const macroSchema = z.looseObject({
  name: yamlText,
  description,
  arguments: z
    .array(z.looseObject({ name: yamlText, type: z.string().nullable().optional(), description }), {
      error: 'a list of arguments ({name: ..., type: ..., description: ...})',
    })
    .nullable()
    .optional(),
  docs,
  meta: optionalMapping,
});

const fixtureRows = z.union([z.array(anyMapping), z.string(), z.null()], { error: 'a list of rows ({column: value}) or CSV/SQL text' }).optional();
const fixtureFormat = z.enum(['dict', 'csv', 'sql']).optional();

export const unitTestSchema = z.looseObject({
  name: yamlText,
  model: z.string(),
  description,
  given: z
    .array(z.looseObject({ input: z.string(), rows: fixtureRows, format: fixtureFormat, fixture: z.string().optional() }), {
      error: 'a list of inputs ({input: ref(...), rows: [...]})',
    })
    .nullable()
    .optional(),
  expect: z.looseObject({ rows: fixtureRows, format: fixtureFormat, fixture: z.string().optional() }),
  overrides: z.looseObject({ macros: optionalMapping, vars: optionalMapping, env_vars: optionalMapping }).nullable().optional(),
  config: optionalMapping,
  versions: optionalMapping,
});

export const exposureSchema = z.looseObject({
  name: yamlText,
  type: z.enum(['dashboard', 'notebook', 'analysis', 'ml', 'application']),
  owner: z.looseObject({ name: z.string().optional(), email: z.string().optional() }),
  depends_on: z.array(z.string()).nullable().optional(),
  description,
  label: z.string().optional(),
  maturity: z.enum(['high', 'medium', 'low']).optional(),
  url: z.string().optional(),
  meta: optionalMapping,
  tags,
  config: optionalMapping,
});

/** Singular data tests may have properties too (`data_tests: [{name: my_test, config: ...}]` at the top). */
export const singularTestSchema = z.looseObject({ name: yamlText, description, config: optionalMapping, meta: optionalMapping, tags });

const listOf = <T extends z.ZodType>(item: T, what: string) => z.array(item, { error: `a list of ${what}` }).nullable().optional();

export const propertyFileSchema = z.looseObject({
  version: yamlInt.optional(),
  models: listOf(modelSchema, 'models'),
  sources: listOf(sourceSchema, 'sources'),
  seeds: listOf(z.looseObject(resource), 'seeds'),
  snapshots: listOf(snapshotSchema, 'snapshots'),
  analyses: listOf(z.looseObject(resource), 'analyses'),
  macros: listOf(macroSchema, 'macros'),
  unit_tests: listOf(unitTestSchema, 'unit tests'),
  exposures: listOf(exposureSchema, 'exposures'),
  data_tests: listOf(singularTestSchema, 'data tests'),
  // Accepted and ignored: the semantic layer and groups are not part of strata.
  metrics: z.unknown().optional(),
  semantic_models: z.unknown().optional(),
  saved_queries: z.unknown().optional(),
  groups: z.unknown().optional(),
  functions: z.unknown().optional(),
});

/** Keys of each kind of entry, for warnings about unknown keys. */
export const KNOWN_KEYS = {
  top: new Set(Object.keys(propertyFileSchema.shape)),
  model: new Set(Object.keys(modelSchema.shape)),
  column: new Set(Object.keys(columnSchema.shape)),
  source: new Set(Object.keys(sourceSchema.shape)),
  table: new Set(Object.keys(sourceTableSchema.shape)),
  resource: new Set(Object.keys(resource)),
  snapshot: new Set(Object.keys(snapshotSchema.shape)),
} as const;
