/**
 * Turning the `unit_tests:` entries of property files into UnitTestNodes: the tested model (one
 * test per version of a versioned model), each `given` input resolved to the node it stands for,
 * fixture files and seed data read in, and the model rendered once against the fixtures so a
 * `ref`/`source` without a fixture is reported at parse time, as dbt does.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { resolveNodeConfig } from '../config/node-config.js';
import type { ProjectConfig } from '../config/project-config.js';
import type { PropertyFile, UnitTestProperties } from '../config/property-file.js';
import { CompileError, StrataError, StrataErrors } from '../errors/strata-error.js';
import { checksumOf } from '../parse/assemble-manifest.js';
import { closestNames } from '../parse/closest-names.js';
import type { CompileSession } from '../parse/compile-session.js';
import type { UnitTestFixtureData, UnitTestGiven, UnitTestNode } from '../parse/manifest.js';
import type { NodeDraft } from '../parse/node-draft.js';
import { formatInputCall, parseInputCall } from './input-call.js';
import { unitTestRender } from './unit-test-render.js';

export interface UnitTestNodesOptions {
  readonly files: readonly PropertyFile[];
  /** The project (or package) the property files belong to: its models are tested, its fixtures read. */
  readonly project: ProjectConfig;
  /** The project strata runs (its project file configures a package's tests too, and names target/). */
  readonly rootProject: ProjectConfig;
  readonly session: CompileSession;
}

export interface UnitTestNodes {
  readonly nodes: readonly UnitTestNode[];
  /** Tests with `enabled: false`, or of a disabled model. */
  readonly disabled: readonly UnitTestNode[];
  readonly errors: readonly StrataError[];
}

/** Builds every unit test of the project's property files; problems are gathered, not thrown. */
export async function buildUnitTestNodes(options: UnitTestNodesOptions): Promise<UnitTestNodes> {
  const nodes: UnitTestNode[] = [];
  const disabled: UnitTestNode[] = [];
  const errors: StrataError[] = [];
  const fixtures = new FixtureFiles(options.project);
  const seen = new Map<string, UnitTestProperties>();
  for (const file of options.files) {
    for (const test of file.unit_tests) {
      try {
        for (const node of await nodesOf(test, file, options, fixtures)) {
          const earlier = seen.get(node.unique_id);
          if (earlier) {
            errors.push(
              new CompileError(`unit test '${test.name}' of model '${test.model}' is defined twice`, {
                location: test.location,
                hint: `It is also defined at ${earlier.location.file}:${earlier.location.line ?? ''}; give one of them another name.`,
              }),
            );
            continue;
          }
          seen.set(node.unique_id, test);
          const draft = options.session.drafts.get(node.tested_node_unique_id);
          if (node.config.enabled === false || draft?.config.enabled === false) disabled.push(node);
          else nodes.push(node);
        }
      } catch (error) {
        if (error instanceof StrataErrors) errors.push(...error.errors);
        else if (error instanceof StrataError) errors.push(error);
        else throw error;
      }
    }
  }
  // Render each test's model against its fixtures now, so a missing input fails the parse.
  for (const node of nodes) {
    try {
      await options.session.renderForUnitTest(node.tested_node_unique_id, unitTestRender(node));
    } catch (error) {
      if (error instanceof StrataError) errors.push(error);
      else throw error;
    }
  }
  return { nodes, disabled, errors };
}

async function nodesOf(test: UnitTestProperties, file: PropertyFile, options: UnitTestNodesOptions, fixtures: FixtureFiles): Promise<UnitTestNode[]> {
  const { project, rootProject, session } = options;
  const pkg = project.name;
  const location = test.location;
  const models = [...session.drafts.values()].filter((d) => d.input.resource_type === 'model' && d.input.name === test.model && d.input.package_name === pkg);
  if (models.length === 0) {
    const known = [...session.drafts.values()].filter((d) => d.input.resource_type === 'model').map((d) => d.input.name);
    const suggestions = closestNames(test.model, known);
    throw new CompileError(`unit test '${test.name}' tests model '${test.model}', which is not a model of this project`, {
      location,
      hint: suggestions.length ? `Did you mean ${suggestions.map((s) => `'${s}'`).join(', ')}?` : 'Check the model name (unit tests test SQL models of the current project).',
    });
  }
  const versioned = models.some((d) => d.input.version !== undefined);
  const tested = versioned ? models.filter((d) => d.input.version !== undefined && versionIncluded(d.input.version, test.versions)) : models.slice(0, 1);

  const out: UnitTestNode[] = [];
  for (const draft of tested) {
    const name = versioned ? `${test.name}_v${draft.input.version}` : test.name;
    const given: UnitTestGiven[] = [];
    const problems: StrataError[] = [];
    for (const entry of test.given) {
      try {
        const inputNode = resolveInput(entry.input, draft, session, test);
        given.push({ input: entry.input, input_node: inputNode, ...(await fixtureData(entry, `given ${entry.input}`, test, fixtures, inputNode, session)) });
      } catch (error) {
        if (error instanceof StrataError) problems.push(error);
        else throw error;
      }
    }
    let expect: UnitTestFixtureData | undefined;
    try {
      expect = await fixtureData(test.expect, 'expect', test, fixtures, undefined, session);
    } catch (error) {
      if (error instanceof StrataError) problems.push(error);
      else throw error;
    }
    if (problems.length > 0 || !expect) throw new StrataErrors(problems);

    const modelFolders = draft.input.fqn.slice(1, -1);
    const fqn = [pkg, ...modelFolders, draft.input.name, name];
    const config = resolveNodeConfig({
      resourceType: 'unit_test',
      fqn,
      packageName: pkg,
      rootProject,
      ...(project !== rootProject && { packageProject: project }),
      propertyConfig: test.config,
      propertyLocation: location,
    });
    const relation = draft.relation ?? session.provisionalRelation(draft);
    const ymlDir = path.posix.dirname(file.file.split(path.sep).join('/'));
    out.push({
      unique_id: `unit_test.${pkg}.${draft.input.name}.${name}`,
      resource_type: 'unit_test',
      name,
      package_name: pkg,
      path: file.file,
      original_file_path: file.file,
      absolute_path: file.absolute_path,
      fqn,
      description: test.description,
      tags: config.tags,
      meta: config.meta,
      config,
      columns: {},
      database: relation.database,
      schema: relation.schema,
      alias: `${draft.input.name}::${name}`,
      model: draft.input.name,
      tested_node_unique_id: draft.id,
      ...(draft.input.version !== undefined && { version: draft.input.version }),
      given,
      expect,
      overrides: test.overrides,
      checksum: checksumOf(JSON.stringify({ model: test.model, given: test.given, expect: test.expect, overrides: test.overrides })),
      depends_on: { nodes: [draft.id], macros: [] },
      compiled_path: [rootProject.target_path, 'compiled', pkg, ymlDir === '.' ? '' : ymlDir, draft.input.name, `${name}.sql`].filter(Boolean).join('/'),
      needs_execute_render: true,
    });
  }
  return out;
}

/** dbt's `versions: {include: [...], exclude: [...]}`. */
function versionIncluded(version: string | number, versions: Readonly<Record<string, unknown>> | undefined): boolean {
  const list = (value: unknown): string[] | undefined => (value === undefined || value === null ? undefined : (Array.isArray(value) ? value : [value]).map(String));
  const include = list(versions?.include);
  const exclude = list(versions?.exclude) ?? [];
  if (include && !include.includes(String(version))) return false;
  return !exclude.includes(String(version));
}

function resolveInput(text: string, draft: NodeDraft, session: CompileSession, test: UnitTestProperties): string {
  const call = parseInputCall(text);
  if (!call)
    throw new CompileError(`unit test '${test.name}': given input '${text}' is not a ref, source or this`, {
      location: test.location,
      hint: "Write input: ref('model_name'), input: source('source_name', 'table_name') or input: this.",
    });
  if (call.kind === 'this') return 'this';
  const id = call.kind === 'ref' ? session.refTarget(call.name, call.package, call.version, draft.input.package_name) : session.sourceTarget(call.source, call.table);
  if (!id)
    throw new CompileError(`unit test '${test.name}': given input ${formatInputCall(call)} names no ${call.kind === 'ref' ? 'model, seed or snapshot' : 'declared source'}`, {
      location: test.location,
      hint: 'Check the name; inputs are the refs and sources the tested model reads.',
    });
  return id;
}

/** A fixture as the node keeps it: `fixture:` files and a seed input's own csv read in. */
async function fixtureData(
  fixture: { readonly format: 'dict' | 'csv' | 'sql'; readonly rows?: unknown; readonly fixture?: string },
  what: string,
  test: UnitTestProperties,
  files: FixtureFiles,
  inputNode: string | undefined,
  session: CompileSession,
): Promise<UnitTestFixtureData> {
  if (fixture.fixture !== undefined) {
    if (fixture.format === 'dict')
      throw new CompileError(`unit test '${test.name}': ${what} names fixture '${fixture.fixture}', which dict format cannot read`, {
        location: test.location,
        hint: 'Set format: csv or format: sql for a fixture file, or write the rows inline.',
      });
    const found = await files.find(fixture.fixture, fixture.format);
    if (!found)
      throw new CompileError(`unit test '${test.name}': ${what}: no fixture file '${fixture.fixture}.${fixture.format}' under ${files.roots().join(', ')}`, {
        location: test.location,
        hint: `Put ${fixture.fixture}.${fixture.format} in a fixtures/ folder of a test path (tests/fixtures/).`,
      });
    return { format: fixture.format, rows: found.text, fixture: found.file };
  }
  if (fixture.rows === undefined && inputNode !== undefined) {
    // dbt: a seed given without rows reads the seed's own csv.
    const seed = session.drafts.get(inputNode);
    // A large seed's text is not kept by the parse: read from its file.
    if (seed?.input.resource_type === 'seed') return { format: 'csv', rows: seed.input.raw_code || (await readFile(seed.input.file.absolute_path, 'utf8')) };
  }
  return { format: fixture.format, ...(fixture.rows !== undefined && { rows: fixture.rows as UnitTestFixtureData['rows'] }) };
}

/** Fixture files: `<test path>/fixtures/**\/<name>.csv|.sql`, listed once. */
class FixtureFiles {
  private listing?: Promise<string[]>;
  constructor(private readonly project: ProjectConfig) {}

  roots(): string[] {
    return this.project.test_paths.map((p) => path.posix.join(p, 'fixtures'));
  }

  async find(name: string, format: 'csv' | 'sql'): Promise<{ file: string; text: string } | undefined> {
    const files = await (this.listing ??= this.list());
    const wanted = `${name}.${format}`;
    const file = files.find((f) => path.posix.basename(f) === wanted);
    return file ? { file, text: await readFile(path.join(this.project.project_root, file), 'utf8') } : undefined;
  }

  private async list(): Promise<string[]> {
    const out: string[] = [];
    for (const root of this.roots()) {
      try {
        for (const entry of await readdir(path.join(this.project.project_root, root), { recursive: true })) out.push(path.posix.join(root, String(entry).split(path.sep).join('/')));
      } catch {
        // A test path without fixtures.
      }
    }
    return out.sort();
  }
}
