import path from 'node:path';
import { envVar } from '../config/env-var.js';
import { resolveNodeConfig } from '../config/node-config.js';
import type { ProjectConfig } from '../config/project-config.js';
import { findPropertyFiles, loadPropertyFile, type ColumnProperties, type ModelProperties, type ModelVersionProperties, type NodeProperties, type PropertyFile, type SourceProperties } from '../config/property-file.js';
import type { TargetConfig } from '../config/target.js';
import type { TestEntry } from '../config/test-entry.js';
import { varsForPackage } from '../config/vars.js';
import type { ConfigWarning } from '../config/warnings.js';
import { CompileError, StrataError, StrataErrors } from '../errors/strata-error.js';
import { jinjaConfigRenderer } from '../api/config-renderer.js';
import { Environment, type Template } from '../jinja/index.js';
import { createMacroLayer, bindMacro, recordMacroUse } from '../jinja/dbt/macro-layer.js';
import type { MacroEntry, MacroRegistry } from '../jinja/dbt/macro-registry.js';
import { coreTestRenderer, hasWhere, type CoreTestRenderer } from './core-generic-tests.js';
import { createProjectContext } from '../jinja/dbt/project-context.js';
import { collectDocBlocks, renderDescriptions, type DocBlock } from './doc-blocks.js';
import type { TemplateDatabase } from '../jinja/dbt/template-database.js';
import { Kwargs } from '../jinja/runtime/values.js';
import { assembleManifest, checksumOf } from './assemble-manifest.js';
import { applySourceOverride, sourceOverrides, unmatchedOverrides } from './source-overrides.js';
import { CompileSession, type CompileSessionOptions } from './compile-session.js';
import { readDiscovered, readDiscoveredBytes } from './read-discovered.js';
import { compileTemplate } from './compile-template.js';
import { discoverFiles, type DiscoveredFile } from './discover.js';
import { genericTestName, genericTestUniqueId } from './generic-test-name.js';
import { loadMacros, type MacroSourcePackage } from './load-macros.js';
import type { ColumnInfo, Manifest, NodeConfig, ResourceType, SourceNode, UnitTestNode } from './manifest.js';
import { TestArgumentEvaluator } from './native-expression.js';
import type { NodeDraft, NodeDraftInput } from './node-draft.js';
import { scanStaticRefs } from './static-refs.js';
import { buildUnitTestNodes } from '../unit-tests/unit-test-nodes.js';
import { discoverPackages } from '../config/packages.js';
import { criteriaFromConfig, hasFreshness, mergeSourceFreshness, type FreshnessCriteria } from '../freshness/criteria.js';
import { packageContextOverlay } from './package-render-context.js';

export interface ParseProjectOptions {
  readonly project: ProjectConfig;
  readonly target: TargetConfig;
  /** The target as templates see it (`target.name`, `target.schema`, …). */
  readonly templateTarget: Readonly<Record<string, unknown>>;
  readonly cliVars: Readonly<Record<string, unknown>>;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly strataVersion: string;
  /** Lets templates query the database (run_query, introspection); absent for a database-free compile. */
  readonly database?: TemplateDatabase;
  readonly isIncremental?: (draft: NodeDraft) => boolean;
  readonly deferredRelation?: CompileSessionOptions['deferredRelation'];
  /** Where templates' `log(msg, info=True)` and `print()` go. */
  readonly log?: (message: string) => void;
  /** Where templates' `exceptions.warn()` goes. */
  readonly warn?: (message: string) => void;
  /** dbt's `flags` for templates (see ProjectOptions.templateFlags). */
  readonly flags?: Readonly<Record<string, unknown>>;
  /** `--empty`: refs and sources read no rows. */
  readonly emptyInputs?: boolean;
}

export interface ParsedProject {
  readonly manifest: Manifest;
  readonly session: CompileSession;
  readonly registry: MacroRegistry;
  /** The Jinja environment the project's templates were compiled in (hooks are compiled in it at execute time). */
  readonly environment: Environment;
  /** What every render sees (macros, var, target, env_var…): the context of on-run-start/on-run-end hooks. */
  readonly sharedContext: object;
  readonly warnings: readonly ConfigWarning[];
  /**
   * The on-run-start / on-run-end hooks of every package and of the project, in dbt's order:
   * packages by name, the root project's last.
   */
  readonly runHooks: readonly ProjectRunHooks[];
}

/** One project's (or package's) run hooks and the context they render in. */
export interface ProjectRunHooks {
  readonly packageName: string;
  /** The project file that declares them, for messages (relative to the root project). */
  readonly projectFile: string;
  readonly onRunStart: readonly string[];
  readonly onRunEnd: readonly string[];
  /** Wraps a hook's scope: a package's hooks see its own macros first and its own vars, as its nodes do. */
  readonly wrap: (context: Record<string, unknown>) => Record<string, unknown>;
}


/** Seeds up to this size keep their text in the parse (dbt's limit for a seed's content checksum). */
const SEED_TEXT_KEPT_BYTES = 1024 * 1024;
/** Generic tests whose names dbt users reach through these packages; strata ships them built in. */
const BUILTIN_TEST_NAMESPACES = new Set(['dbt_utils', 'dbt_expectations', 'dbt']);

/** The root project or one of its packages: where its files are and how its nodes are configured. */
interface ParseUnit {
  /** The project name: package_name of its nodes. */
  readonly name: string;
  readonly root: string;
  /** The unit's own project file (the root project for the root unit). */
  readonly project: ProjectConfig;
  readonly isRoot: boolean;
  readonly vars: Record<string, unknown>;
  readonly propertyFiles: PropertyFile[];
  readonly properties: PropertyIndex;
  /** The text of its model and analysis files, read ahead. */
  readonly sqlFiles: Readonly<Record<'model' | 'analysis', Promise<{ file: DiscoveredFile; text: string }[]>>>;
  /** Wraps a node render's context for a package node (its own macros first, its own vars); identity for the root. */
  readonly wrap: (context: Record<string, unknown>) => Record<string, unknown>;
}

/**
 * load → parse: reads every file of the project and of its packages, renders each node once, and
 * returns the Manifest. Every error of every file is gathered and thrown together (exit 2), none
 * stops the others.
 */
export async function parseProject(options: ParseProjectOptions): Promise<ParsedProject> {
  const { project } = options;
  const root = project.project_root;
  const pkg = project.name;
  const errors: StrataError[] = [];
  const warnings: ConfigWarning[] = [];

  // Packages: local ones where they are, installed ones under dbt_packages/. Without them the
  // project's refs and macro calls would fail in confusing ways, so their errors stop parsing here.
  const discovered = await discoverPackages(project, jinjaConfigRenderer({ env: options.env, allowSecrets: false, vars: options.cliVars, extra: { target: options.templateTarget } }));
  warnings.push(...discovered.warnings);
  const packages = discovered.value;

  // Property files of each project.
  const units: ParseUnit[] = [];
  for (const unitProject of [project, ...packages.map((p) => p.project)]) {
    const isRoot = unitProject === project;
    const vars = varsForPackage({ rootProject: project, packageName: unitProject.name, ...(isRoot ? {} : { packageProject: unitProject }), cliVars: options.cliVars });
    const propertyRender = jinjaConfigRenderer({ env: options.env, allowSecrets: false, vars, extra: { target: options.templateTarget } });
    // The SQL files are read while the property files parse: reading waits on the disk, parsing does not.
    const sqlFiles = {
      model: prefetch(discoverFiles(unitProject.project_root, unitProject.model_paths, ['.sql']).then(readDiscovered)),
      analysis: prefetch(discoverFiles(unitProject.project_root, unitProject.analysis_paths, ['.sql']).then(readDiscovered)),
    };
    const propertyFiles: PropertyFile[] = [];
    for (const file of await findPropertyFiles(unitProject)) {
      try {
        const loaded = await loadPropertyFile(file, { projectRoot: unitProject.project_root, render: propertyRender });
        propertyFiles.push(loaded.value);
        warnings.push(...loaded.warnings);
      } catch (error) {
        collect(errors, error);
      }
    }
    units.push({
      name: unitProject.name,
      root: unitProject.project_root,
      project: unitProject,
      isRoot,
      vars,
      propertyFiles,
      properties: indexProperties(propertyFiles, errors),
      sqlFiles,
      wrap: (context) => context,
    });
  }
  const rootUnit = units[0]!;

  // Macros of every package under its own namespace (the root project's override by plain name), and the template environment.
  const env = new Environment();
  const macros = await loadMacros(env, pkg, [
    ...packages.map((p) => ({ ...macroSourceOf(p.project), displayBase: root })),
    macroSourceOf(project),
  ]);
  errors.push(...macros.errors);
  const registry = macros.registry;
  // dbt's `graph`: empty while the project compiles (templates read it under `{% if execute %}`,
  // which renders them again at execute time), the whole manifest once it is assembled.
  let assembled: Manifest | undefined;
  let graph: Record<string, unknown> | undefined;
  const projectContext = createProjectContext({
    graph: () => (assembled ? (graph ??= flatGraph(assembled)) : flatGraph(undefined)),
    projectName: pkg,
    vars: rootUnit.vars,
    target: options.templateTarget,
    envVar: (name, fallback) => envVar(name, fallback, { env: options.env }),
    log: options.log,
    warn: options.warn,
    flags: options.flags,
  });
  const shared = createMacroLayer(registry, projectContext);
  const dispatchOrder = new Map(project.dispatch.map((d) => [d.macro_namespace, d.search_order]));
  for (let i = 1; i < units.length; i++) {
    const unit = units[i]!;
    const overlay = packageContextOverlay(registry, unit.name, sameVars(unit.vars, rootUnit.vars) ? undefined : unit.vars);
    if (overlay) units[i] = { ...unit, wrap: overlay };
  }

  const inputs: NodeDraftInput[] = [];
  // A node whose configuration is invalid is reported here, before any render; the configuration
  // resolved for the check is the draft's first.
  const addInput = (input: NodeDraftInput) => {
    try {
      // Set on the caller's new object rather than on a copy of it: there are tens of thousands.
      inputs.push(Object.assign(input, { initialConfig: input.resolveConfig({}) }));
    } catch (error) {
      collect(errors, error);
    }
  };

  const sources: SourceNode[] = [];
  for (const unit of units) await collectUnitNodes(unit, { env, rootProject: project, errors, addInput });
  // Sources with `overrides:` patch a package's source instead of declaring one.
  const overrides = new Map<string, SourceProperties>();
  for (const unit of units) for (const [key, override] of sourceOverrides(unit.propertyFiles)) overrides.set(key, override);
  errors.push(...unmatchedOverrides(overrides, (name) => units.find((u) => u.name === name && !u.isRoot)?.propertyFiles.flatMap((f) => f.sources.filter((s) => s.overrides === undefined))));
  for (const unit of units) sources.push(...buildSources(unit, project, options.target, errors, overrides));
  const sourceById = new Map(sources.map((s) => [s.unique_id, s]));

  // Generic tests from property files.
  const evaluator = new TestArgumentEvaluator(env);
  // path.resolve, remembered: the hundreds of tests of one property file share its path.
  const absolutePaths = new Map<string, string>();
  const absolutePathOf = (root: string, file: string): string => {
    const key = `${root}\0${file}`;
    let resolved = absolutePaths.get(key);
    if (resolved === undefined) absolutePaths.set(key, (resolved = path.resolve(root, file)));
    return resolved;
  };
  // A project has thousands of tests of a handful of kinds: each kind's macro is looked up once.
  const testMacros = new Map<string, { testMacro?: MacroEntry; coreTest?: CoreTestRenderer }>();
  const testMacroOf = (unitPkg: string, namespace: string | undefined, name: string) => {
    const key = `${unitPkg}\0${namespace ?? ''}\0${name}`;
    let found = testMacros.get(key);
    if (!found) {
      const testMacro = testMacroEntry(registry, unitPkg, namespace, `test_${name}`);
      testMacros.set(key, (found = { testMacro, coreTest: testMacro && coreTestRenderer(registry, dispatchOrder, testMacro, name) }));
    }
    return found;
  };
  // The fqn folders of a property file's tests, once per file.
  const folderParts = new Map<string, string[]>();
  const folderPartsOf = (unit: ParseUnit, file: string): string[] => {
    const key = `${unit.name}\0${file}`;
    let parts = folderParts.get(key);
    if (!parts) folderParts.set(key, (parts = dirParts(path.relative(unit.project.model_paths[0] ?? '', file))));
    return parts;
  };
  const testIds = new Set<string>();
  for (const unit of units) {
    const unitPkg = unit.name;
    for (const declared of collectDeclaredTests(unit.propertyFiles, unitPkg, sources)) {
      const entry = declared.entry;
      const kwargs: Record<string, unknown> = { ...entry.kwargs };
      if (entry.columnName !== undefined) kwargs.column_name = entry.columnName;
      const generated = genericTestName({ testName: entry.name, namespace: entry.namespace, targetName: declared.targetName, onSource: declared.attachedRef.kind === 'source', kwargs });
      const name = entry.customName ?? generated.name;
      const shortName = entry.customName ?? generated.shortName;
      const fqn = [unitPkg, ...folderPartsOf(unit, entry.location.file), name];
      const identity = { testName: entry.name, namespace: entry.namespace, kwargs, attachedRef: declared.attachedRef };
      let uniqueId = genericTestUniqueId(unitPkg, name, identity);
      // The same test twice on one node (dbt refuses it; here each runs): the second is told apart by where it is written.
      if (testIds.has(uniqueId)) uniqueId = genericTestUniqueId(unitPkg, name, identity, `${entry.location.file}:${entry.location.line ?? ''}`);
      testIds.add(uniqueId);
      const macroName = `test_${entry.name}`;
      const { testMacro, coreTest } = testMacroOf(unitPkg, entry.namespace, entry.name);
      const testFile = entry.location.file;
      const attachedRef = declared.attachedRef;
      addInput({
        unique_id: uniqueId,
        resource_type: 'test',
        name,
        ...(shortName !== name ? { shortName } : {}),
        package_name: unitPkg,
        fqn,
        file: { path: testFile, original_file_path: testFile, absolute_path: absolutePathOf(unit.root, testFile) },
        declaredAt: entry.location,
        raw_code: `{{ ${entry.namespace ? `${entry.namespace}.` : ''}${macroName}(**_dbt_generic_test_kwargs) }}`,
        description: entry.description ?? '',
        columns: {},
        resolveConfig: configResolver(unit, project, 'test', fqn, { config: entry.config, location: entry.location }, testFile),
        // A version's ref is recorded when the test renders (a bare name would add the latest version).
        staticRefs: attachedRef.kind === 'ref' && attachedRef.version === undefined ? [{ name: attachedRef.name }] : [],
        staticSources: attachedRef.kind === 'source' ? [[attachedRef.source, attachedRef.table]] : [],
        test: {
          metadata: { name: entry.name, ...(entry.namespace ? { namespace: entry.namespace } : {}), kwargs },
          attached_node: declared.attachedId,
          ...(entry.columnName !== undefined ? { column_name: entry.columnName } : {}),
        },
        render: async (nodeContext) => {
          const context = unit.wrap(nodeContext);
          if (!testMacro)
            throw new CompileError(`no generic test named '${entry.namespace ? `${entry.namespace}.` : ''}${entry.name}'`, {
              location: entry.location,
              hint: `Define {% test ${entry.name}(model, column_name) %} in macros/ or tests/generic/, or check the spelling.`,
            });
          const ref = context.ref as (...args: unknown[]) => Promise<unknown>;
          const relation = await (attachedRef.kind === 'ref'
            ? attachedRef.version === undefined
              ? ref(attachedRef.name)
              : ref(attachedRef.name, new Kwargs({ version: attachedRef.version }))
            : (context.source as (s: string, t: string) => unknown)(attachedRef.source, attachedRef.table));
          const evaluated: Record<string, unknown> = {};
          for (const [key, value] of Object.entries(kwargs)) evaluated[key] = key === 'column_name' ? value : await evaluator.evaluate(value, context, testFile);
          // dbt's core tests without a `where`, when nothing overrides them: their SQL without their macros.
          const sql = coreTest && !hasWhere(context) ? coreTest.sql(relation, evaluated) : undefined;
          if (sql !== undefined) {
            for (const used of coreTest!.macros) recordMacroUse(context, used);
            return sql;
          }
          const whereSubquery = registry.resolve('get_where_subquery');
          const model = whereSubquery ? await (bindMacro(context, whereSubquery) as (r: unknown) => Promise<unknown>)(relation) : relation;
          const macro = bindMacro(context, testMacro) as (...a: unknown[]) => Promise<unknown>;
          return String(await macro(new Kwargs({ model, ...evaluated })));
        },
      });
    }
  }

  if (errors.length > 0) throw new StrataErrors(errors);

  const session = new CompileSession(
    {
      rootPackage: pkg,
      registry,
      dispatchOrder,
      sharedContext: shared,
      target: { schema: options.target.schema, database: options.target.database },
      sources: sourceById,
      database: options.database,
      isIncremental: options.isIncremental,
      deferredRelation: options.deferredRelation,
      emptyInputs: options.emptyInputs,
    },
    inputs,
  );
  await session.compileAll();
  if (session.errors.length > 0) throw new StrataErrors(dedupe(session.errors));
  // Unit tests of the project and of its packages (a package's test its own models, with its fixtures).
  const unitTests = { nodes: [] as UnitTestNode[], disabled: [] as UnitTestNode[], errors: [] as StrataError[] };
  for (const unit of units) {
    const built = await buildUnitTestNodes({ files: unit.propertyFiles, project: unit.project, rootProject: project, session });
    unitTests.nodes.push(...built.nodes);
    unitTests.disabled.push(...built.disabled);
    unitTests.errors.push(...built.errors);
  }
  if (unitTests.errors.length > 0) throw new StrataErrors(dedupe(unitTests.errors));

  const manifest = assembleManifest({
    session,
    sources,
    macros: macros.nodes,
    project: { name: pkg, version: project.version ?? '', project_root: root, target_name: options.target.name, adapter_type: options.target.type },
    targetPath: project.target_path,
    strataVersion: options.strataVersion,
    unitTests,
  });
  // Descriptions with Jinja ({{ doc('orders') }}) rendered with the packages' doc blocks.
  const docBlocks = await collectDocBlocks(
    units.map((unit) => ({
      name: unit.name,
      root: unit.root,
      docsPaths: unit.project.docs_paths,
      shown: (file: string) => (unit.isRoot ? file : path.relative(project.project_root, path.join(unit.root, file)).split(path.sep).join('/')),
    })),
  );
  const descriptionErrors: StrataError[] = [];
  await renderDescriptions(manifest, docBlocks, env, shared, pkg, descriptionErrors);
  if (descriptionErrors.length > 0) throw new StrataErrors(dedupe(descriptionErrors));
  (manifest as { docs?: Record<string, DocBlock> }).docs = Object.fromEntries(docBlocks.map((doc) => [doc.unique_id, doc]));
  assembled = manifest;
  return { manifest, session, registry, environment: env, sharedContext: shared, warnings, runHooks: runHooksOf(units) };
}

/** dbt's flat graph: the manifest's nodes, sources and macros by unique_id (the kinds strata has not, empty). */
function flatGraph(manifest: Manifest | undefined): Record<string, unknown> {
  const nodes: Record<string, unknown> = {};
  const unitTests: Record<string, unknown> = {};
  for (const [id, node] of Object.entries(manifest?.nodes ?? {})) (node.resource_type === 'unit_test' ? unitTests : nodes)[id] = node;
  return {
    nodes,
    sources: manifest ? { ...manifest.sources } : {},
    macros: manifest ? { ...manifest.macros } : {},
    exposures: {},
    metrics: {},
    groups: {},
    semantic_models: {},
    saved_queries: {},
    unit_tests: unitTests,
  };
}

/** Each unit's run hooks, packages by name, then the root project's (dbt sorts hooks so). */
function runHooksOf(units: readonly ParseUnit[]): ProjectRunHooks[] {
  const root = units.find((unit) => unit.isRoot)!;
  const packages = units.filter((unit) => !unit.isRoot).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return [...packages, root]
    .filter((unit) => unit.project.on_run_start.length > 0 || unit.project.on_run_end.length > 0)
    .map((unit) => ({
      packageName: unit.name,
      projectFile: path.relative(root.root, unit.project.project_file) || unit.project.project_file,
      onRunStart: unit.project.on_run_start,
      onRunEnd: unit.project.on_run_end,
      wrap: unit.wrap,
    }));
}

/** `promise`, marked as handled until someone awaits it (its error is reported then, not as an unhandled rejection). */
function prefetch<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

function macroSourceOf(project: ProjectConfig): MacroSourcePackage {
  return { name: project.name, root: project.project_root, macroPaths: project.macro_paths, genericTestPaths: project.test_paths.map((p) => `${p}/generic`) };
}

function sameVars(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The config of a node of `unit`: its own project file, property file and in-file config, then (for a package) the root project's file. */
function configResolver(
  unit: ParseUnit,
  rootProject: ProjectConfig,
  resourceType: ResourceType,
  fqn: readonly string[],
  props: { config: Readonly<Record<string, unknown>>; location: { file: string; line?: number } } | undefined,
  file: string,
) {
  return (inFile: Readonly<Record<string, unknown>>): NodeConfig =>
    resolveNodeConfig({
      resourceType,
      fqn,
      packageName: unit.name,
      rootProject,
      ...(unit.isRoot ? {} : { packageProject: unit.project }),
      propertyConfig: props?.config,
      propertyLocation: props?.location,
      inFileConfig: inFile,
      inFileLocation: { file },
    });
}

interface NodeCollector {
  readonly env: Environment;
  readonly rootProject: ProjectConfig;
  readonly errors: StrataError[];
  readonly addInput: (input: NodeDraftInput) => void;
}

/** The models, analyses, singular tests, seeds and snapshots of one project or package. */
async function collectUnitNodes(unit: ParseUnit, { env, rootProject, errors, addInput }: NodeCollector): Promise<void> {
  const { project, properties, root } = unit;
  const pkg = unit.name;
  const configFor = (resourceType: ResourceType, fqn: readonly string[], props: { config: Readonly<Record<string, unknown>>; location: { file: string; line?: number } } | undefined, file: string) =>
    configResolver(unit, rootProject, resourceType, fqn, props, file);
  // A package's files are named from the root project in messages (models/x.sql alone could be anyone's).
  const shown = (file: DiscoveredFile) => (unit.isRoot ? file.originalFilePath : path.relative(rootProject.project_root, file.absolutePath).split(path.sep).join('/'));

  // Models and analyses: one node per .sql file; a model version's file (`orders_v2.sql`, or the
  // version's defined_in) is that version of the model its property file declares.
  const versionFiles = modelVersionFiles(properties.models);
  for (const resourceType of ['model', 'analysis'] as const) {
    for (const { file, text: source } of await unit.sqlFiles[resourceType]) {
      const template = compileTemplate(env, source, file, shown(file), errors);
      if (!template) continue;
      const fileName = path.basename(file.pathInFolder, '.sql');
      const versioned = resourceType === 'model' ? versionFiles.get(fileName) : undefined;
      if (versioned) {
        const { name, version, latest, latestVersion, props } = versioned;
        const fqn = [pkg, ...dirParts(file.pathInFolder), name, `v${version}`];
        addInput({
          ...sqlNodeInput('model', name, pkg, fqn, file, source, template, props, configFor('model', fqn, props, file.originalFilePath), unit.wrap),
          unique_id: `model.${pkg}.${name}.v${version}`,
          version,
          isLatestVersion: latest,
          latestVersion,
        });
        continue;
      }
      const fqn = [pkg, ...dirParts(file.pathInFolder), fileName];
      const props = resourceType === 'model' ? properties.models.get(fileName) : properties.analyses.get(fileName);
      addInput(sqlNodeInput(resourceType, fileName, pkg, fqn, file, source, template, props, configFor(resourceType, fqn, props, file.originalFilePath), unit.wrap));
    }
  }

  // Singular tests: .sql files under the test paths (not the generic/ folders, which hold test blocks).
  const singularTestFiles = (await discoverFiles(root, project.test_paths, ['.sql'])).filter((file) => !file.pathInFolder.startsWith('generic/'));
  for (const { file, text: source } of await readDiscovered(singularTestFiles)) {
    const template = compileTemplate(env, source, file, shown(file), errors);
    if (!template) continue;
    const name = path.basename(file.pathInFolder, '.sql');
    const fqn = [pkg, ...dirParts(file.pathInFolder), name];
    const props = properties.singularTests.get(name);
    addInput({
      ...sqlNodeInput('test', name, pkg, fqn, file, source, template, props, configFor('test', fqn, props, file.originalFilePath), unit.wrap),
      unique_id: `test.${pkg}.${name}`,
    });
  }

  // Seeds: one node per CSV.
  for (const { file, bytes } of await readDiscoveredBytes(await discoverFiles(root, project.seed_paths, ['.csv']))) {
    const name = path.basename(file.pathInFolder, '.csv');
    const fqn = [pkg, ...dirParts(file.pathInFolder), name];
    const props = properties.seeds.get(name);
    addInput({
      unique_id: `seed.${pkg}.${name}`,
      resource_type: 'seed',
      name,
      package_name: pkg,
      fqn,
      file: fileOf(file),
      // A large seed's text is not kept (a unit test that reads the seed reads the file); its checksum
      // is of the bytes, the same as of the text, so state:modified sees any change, unlike dbt, which
      // compares only the path of a seed over 1 MiB.
      raw_code: bytes.length <= SEED_TEXT_KEPT_BYTES ? bytes.toString('utf8') : '',
      checksum: checksumOf(bytes),
      description: props?.description ?? '',
      columns: columnsOf(props?.columns),
      ...(props ? { patch_path: `${pkg}://${props.location.file}` } : {}),
      resolveConfig: configFor('seed', fqn, props, file.originalFilePath),
      staticRefs: [],
      staticSources: [],
    });
  }

  // Snapshots: each {% snapshot %} block of a file under the snapshot paths is a node.
  const blockSnapshots = new Set<string>();
  for (const { file, text: source } of await readDiscovered(await discoverFiles(root, project.snapshot_paths, ['.sql']))) {
    const template = compileTemplate(env, source, file, shown(file), errors);
    if (!template) continue;
    for (const definition of template.definitions) {
      if (definition.kind !== 'snapshot') continue;
      const name = definition.name;
      blockSnapshots.add(name);
      const fqn = [pkg, ...dirParts(file.pathInFolder), path.basename(file.pathInFolder, '.sql'), name];
      const props = properties.snapshots.get(name);
      addInput({
        ...sqlNodeInput('snapshot', name, pkg, fqn, file, source, template, props, configFor('snapshot', fqn, props, file.originalFilePath), unit.wrap),
        // A snapshot file's text is its {% snapshot %} blocks; the node renders its own block.
        render: async (context) => String(await (template.bindMacros(unit.wrap(context))[definition.boundName] as () => Promise<unknown>)()),
      });
    }
  }

  // Snapshots declared in YAML (dbt 1.9): `relation: source('x', 'y')` or `ref('z')` with their config.
  for (const props of properties.snapshots.values()) {
    const relation = (props as { relation?: string }).relation;
    if (relation === undefined || blockSnapshots.has(props.name)) continue;
    const source = `select * from {{ ${relation} }}`;
    const file: DiscoveredFile = {
      absolutePath: path.resolve(root, props.location.file),
      originalFilePath: props.location.file,
      pathInFolder: path.basename(props.location.file),
    };
    const template = compileTemplate(env, source, file, `${props.location.file} (snapshot ${props.name})`, errors);
    if (!template) continue;
    const fqn = [pkg, ...dirParts(file.pathInFolder), props.name];
    addInput(sqlNodeInput('snapshot', props.name, pkg, fqn, file, source, template, props, configFor('snapshot', fqn, props, file.originalFilePath), unit.wrap));
  }
}

/** A generic test's macro: the named namespace, else the test's own package, then the unqualified lookup. */
function testMacroEntry(registry: MacroRegistry, testPackage: string, namespace: string | undefined, macroName: string): MacroEntry | undefined {
  return (
    (namespace ? registry.get(namespace, macroName) : registry.get(testPackage, macroName)) ??
    (namespace === undefined || BUILTIN_TEST_NAMESPACES.has(namespace) ? registry.resolve(macroName) : undefined)
  );
}

function collect(errors: StrataError[], error: unknown): void {
  if (error instanceof StrataErrors) errors.push(...error.errors);
  else if (error instanceof StrataError) errors.push(error);
  else throw error;
}

function dedupe(errors: StrataError[]): StrataError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.where}|${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A model version: the model it is a version of, and its properties (the model's, with the version's over them). */
interface ModelVersionFile {
  readonly name: string;
  readonly version: string | number;
  readonly latest: boolean;
  readonly latestVersion: string | number;
  readonly props: NodeProperties;
}

/**
 * The files of the versioned models, by file name: `<model>_v<v>` or the version's `defined_in`.
 * The latest version is `latest_version`, else the highest, as in dbt.
 */
function modelVersionFiles(models: ReadonlyMap<string, NodeProperties>): Map<string, ModelVersionFile> {
  const files = new Map<string, ModelVersionFile>();
  for (const model of models.values() as Iterable<ModelProperties>) {
    if (!model.versions || model.versions.length === 0) continue;
    const highest = [...model.versions].map((v) => v.v).sort((a, b) => (Number(a) - Number(b)) || String(a).localeCompare(String(b))).pop();
    const latest = model.latest_version ?? highest;
    for (const version of model.versions) {
      files.set(version.defined_in?.replace(/\.sql$/, '') ?? `${model.name}_v${version.v}`, {
        name: model.name,
        version: version.v,
        latest: String(version.v) === String(latest),
        latestVersion: latest!,
        props: versionProperties(model, version),
      });
    }
  }
  return files;
}

/** A version's properties: its description, config and columns over the model's (`include`/`exclude` pick the model's columns). */
function versionProperties(model: ModelProperties, version: ModelVersionProperties): NodeProperties {
  const included = (column: ColumnProperties) =>
    (version.include === undefined || version.include === 'all' || version.include.includes(column.name)) && !version.exclude.includes(column.name);
  const own = new Map(version.columns.map((c) => [c.name, c]));
  const columns = [...model.columns.filter((c) => included(c) && !own.has(c.name)), ...version.columns];
  return {
    ...model,
    description: version.description ?? model.description,
    config: { ...model.config, ...version.config },
    columns,
    tests: [...model.tests, ...version.tests],
    location: version.location,
  };
}

function dirParts(relativePath: string): string[] {
  const parts = relativePath.split('/');
  parts.pop();
  return parts.filter((p) => p && p !== '.' && p !== '..');
}

function fileOf(file: DiscoveredFile) {
  return { path: file.pathInFolder, original_file_path: file.originalFilePath, absolute_path: file.absolutePath };
}

function columnsOf(columns: readonly ColumnProperties[] | undefined): Record<string, ColumnInfo> {
  const out: Record<string, ColumnInfo> = {};
  for (const c of columns ?? []) {
    out[c.name] = {
      name: c.name,
      description: c.description,
      ...(c.data_type !== undefined ? { data_type: c.data_type } : {}),
      meta: c.meta,
      tags: c.tags,
      constraints: c.constraints,
      ...(c.quote !== undefined ? { quote: c.quote } : {}),
    };
  }
  return out;
}

function sqlNodeInput(
  resourceType: 'model' | 'analysis' | 'test' | 'snapshot',
  name: string,
  pkg: string,
  fqn: string[],
  file: DiscoveredFile,
  source: string,
  template: Template,
  props: { description: string; columns?: readonly ColumnProperties[]; location: { file: string } } | undefined,
  resolveConfig: (inFile: Readonly<Record<string, unknown>>) => NodeConfig,
  wrap: (context: Record<string, unknown>) => Record<string, unknown>,
): NodeDraftInput {
  const scanned = scanStaticRefs(source);
  return {
    unique_id: `${resourceType}.${pkg}.${name}`,
    resource_type: resourceType,
    name,
    package_name: pkg,
    fqn,
    file: fileOf(file),
    raw_code: source,
    description: props?.description ?? '',
    columns: columnsOf(props?.columns),
    ...(props ? { patch_path: `${pkg}://${props.location.file}` } : {}),
    render: template.isPlainText ? async () => source : (context) => template.render(wrap(context)),
    resolveConfig,
    staticRefs: scanned.refs,
    staticSources: scanned.sources,
  };
}

interface PropertyIndex {
  models: Map<string, NodeProperties>;
  seeds: Map<string, NodeProperties>;
  snapshots: Map<string, NodeProperties>;
  analyses: Map<string, NodeProperties>;
  singularTests: Map<string, { name: string; description: string; config: Readonly<Record<string, unknown>>; location: { file: string; line?: number } }>;
}

/** Property entries by node name; a node described twice is an error naming both places. */
function indexProperties(files: readonly PropertyFile[], errors: StrataError[]): PropertyIndex {
  const index: PropertyIndex = { models: new Map(), seeds: new Map(), snapshots: new Map(), analyses: new Map(), singularTests: new Map() };
  const add = <T extends { name: string; location: { file: string; line?: number } }>(map: Map<string, T>, kind: string, entry: T) => {
    const earlier = map.get(entry.name);
    if (earlier) {
      errors.push(
        new CompileError(`${kind} '${entry.name}' is described twice`, {
          location: entry.location,
          hint: `It is also described at ${earlier.location.file}:${earlier.location.line ?? ''}; keep one entry.`,
        }),
      );
      return;
    }
    map.set(entry.name, entry);
  };
  for (const file of files) {
    for (const m of file.models) add(index.models, 'model', m);
    for (const s of file.seeds) add(index.seeds, 'seed', s);
    for (const s of file.snapshots) add(index.snapshots, 'snapshot', s);
    for (const a of file.analyses) add(index.analyses, 'analysis', a);
    for (const t of file.data_tests) add(index.singularTests, 'test', t);
  }
  return index;
}

function buildSources(unit: ParseUnit, rootProject: ProjectConfig, target: TargetConfig, errors: StrataError[], overrides: ReadonlyMap<string, SourceProperties>): SourceNode[] {
  const out: SourceNode[] = [];
  for (const file of unit.propertyFiles) {
    for (const declared of file.sources) {
      if (declared.overrides !== undefined) continue;
      const override = unit.isRoot ? undefined : overrides.get(`${unit.name}.${declared.name}`);
      const source = override ? applySourceOverride(declared, override) : declared;
      for (const table of source.tables) {
        try {
          out.push(sourceNode(file, source, table, unit, rootProject, target));
        } catch (error) {
          collect(errors, error);
        }
      }
    }
  }
  return out;
}

function sourceNode(
  file: PropertyFile,
  source: SourceProperties,
  table: SourceProperties['tables'][number],
  unit: ParseUnit,
  rootProject: ProjectConfig,
  target: TargetConfig,
): SourceNode {
  const pkg = unit.name;
  const fqn = [pkg, ...dirParts(file.file), source.name, table.name];
  const request = { resourceType: 'source' as const, fqn, packageName: pkg, rootProject, ...(unit.isRoot ? {} : { packageProject: unit.project }) };
  const config = resolveNodeConfig({ ...request, propertyConfig: { ...source.config, ...table.config }, propertyLocation: table.location });
  const fromProjectFile = resolveNodeConfig(request);
  const freshness = sourceTableFreshness(fromProjectFile.freshness, source, table);
  const loadedAtField = sourceTableLoadedAtField(fromProjectFile.loaded_at_field, source, table);
  const database = source.database ?? target.database;
  const identifier = table.identifier;
  return {
    unique_id: `source.${pkg}.${source.name}.${table.name}`,
    resource_type: 'source',
    name: table.name,
    package_name: pkg,
    path: file.file,
    original_file_path: file.file,
    absolute_path: file.absolute_path,
    fqn,
    description: table.description,
    tags: [...new Set([...source.tags, ...table.tags])],
    meta: { ...source.meta, ...table.meta },
    config,
    columns: columnsOf(table.columns),
    source_name: source.name,
    source_description: source.description,
    identifier,
    database,
    schema: source.schema,
    relation_name: `"${database.replace(/"/g, '""')}"."${source.schema.replace(/"/g, '""')}"."${identifier.replace(/"/g, '""')}"`,
    ...(loadedAtField !== undefined ? { loaded_at_field: loadedAtField } : {}),
    ...(freshness !== null ? { freshness: { ...freshness } } : {}),
    loader: source.loader,
  };
}

type SourceEntry = Pick<SourceProperties, 'freshness' | 'loaded_at_field' | 'config'>;

/**
 * A source table's freshness criteria, layered as dbt layers them: the project file's
 * `+freshness` < the source's `freshness:` < the source's `config: freshness:` < the table's
 * `freshness:` < the table's `config: freshness:`. A `null` layer switches freshness off (until a
 * more specific layer sets it again); a layer setting one threshold keeps the other and the filter.
 * Null when the table is not checked.
 */
export function sourceTableFreshness(fromProjectFile: unknown, source: SourceEntry, table: SourceEntry): FreshnessCriteria | null {
  const merged = mergeSourceFreshness(
    criteriaFromConfig(fromProjectFile),
    criteriaFromConfig(source.freshness),
    criteriaFromConfig(configValue(source.config, 'freshness')),
    criteriaFromConfig(table.freshness),
    criteriaFromConfig(configValue(table.config, 'freshness')),
  );
  return hasFreshness(merged) ? merged : null;
}

/** The column a source table's freshness reads: the table's (config: first), else the source's, else the project file's. */
export function sourceTableLoadedAtField(fromProjectFile: unknown, source: SourceEntry, table: SourceEntry): string | undefined {
  for (const value of [configValue(table.config, 'loaded_at_field'), table.loaded_at_field, configValue(source.config, 'loaded_at_field'), source.loaded_at_field, fromProjectFile]) {
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return undefined;
}

function configValue(config: Readonly<Record<string, unknown>> | undefined, key: string): unknown {
  return config && Object.prototype.hasOwnProperty.call(config, key) ? config[key] : undefined;
}

/** A column as its tests name it: quoted when the property file says `quote: true`, as dbt passes it. */
function testedColumn(column: ColumnProperties, written: string | undefined): string {
  const name = written ?? column.name;
  return column.quote && name === column.name ? `"${name.replaceAll('"', '""')}"` : name;
}

interface DeclaredTest {
  readonly entry: TestEntry;
  /** The node or source the test reads. */
  readonly attachedId: string;
  readonly attachedRef: { kind: 'ref'; name: string; version?: string | number } | { kind: 'source'; source: string; table: string };
  /** The name used in the generated test name (model name, `<model>_v<version>`, or `<source>_<table>`). */
  readonly targetName: string;
}

function collectDeclaredTests(files: readonly PropertyFile[], pkg: string, sources: readonly SourceNode[]): DeclaredTest[] {
  const out: DeclaredTest[] = [];
  const nodeTests = (props: NodeProperties, resourceType: string) => {
    const attachedRef = { kind: 'ref' as const, name: props.name };
    const attachedId = `${resourceType}.${pkg}.${props.name}`;
    for (const entry of props.tests) out.push({ entry, attachedId, attachedRef, targetName: props.name });
    for (const column of props.columns)
      for (const entry of column.tests) out.push({ entry: { ...entry, columnName: testedColumn(column, entry.columnName) }, attachedId, attachedRef, targetName: props.name });
  };
  for (const file of files) {
    for (const m of file.models) {
      if (m.versions.length === 0) {
        nodeTests(m, 'model');
        continue;
      }
      // A versioned model's tests run on each of its versions, with the columns each version has.
      for (const version of m.versions) {
        const props = versionProperties(m, version);
        const attachedRef = { kind: 'ref' as const, name: m.name, version: version.v };
        const attachedId = `model.${pkg}.${m.name}.v${version.v}`;
        const targetName = `${m.name}_v${version.v}`;
        for (const entry of props.tests) out.push({ entry, attachedId, attachedRef, targetName });
        for (const column of props.columns)
          for (const entry of column.tests) out.push({ entry: { ...entry, columnName: testedColumn(column, entry.columnName) }, attachedId, attachedRef, targetName });
      }
    }
    for (const s of file.seeds) nodeTests(s, 'seed');
    for (const s of file.snapshots) nodeTests(s, 'snapshot');
    for (const source of file.sources) {
      // Tests an overriding entry declares are on the package's table.
      const sourcePackage = source.overrides ?? pkg;
      for (const table of source.tables) {
        const attachedRef = { kind: 'source' as const, source: source.name, table: table.name };
        const attachedId =
          sources.find((s) => s.package_name === sourcePackage && s.source_name === source.name && s.name === table.name)?.unique_id ??
          `source.${sourcePackage}.${source.name}.${table.name}`;
        const targetName = `${source.name}_${table.name}`;
        for (const entry of table.tests) out.push({ entry, attachedId, attachedRef, targetName });
        for (const column of table.columns)
          for (const entry of column.tests) out.push({ entry: { ...entry, columnName: testedColumn(column, entry.columnName) }, attachedId, attachedRef, targetName });
      }
    }
  }
  return out;
}
