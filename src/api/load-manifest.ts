import { ConfigError } from '../errors/strata-error.js';
import { assertAcyclic, loadSelectorsFile, selectNodes, type PreviousState } from '../graph/index.js';
import { deferredRelations, type DeferralOptions } from './deferral.js';
import { checkProjectSql, type ProjectColumnLineage } from './check-project-sql.js';
import type { ResourceType } from '../parse/manifest.js';
import { parseProject, type ParsedProject } from '../parse/parse-project.js';
import type { TemplateDatabase } from '../jinja/dbt/template-database.js';
import type { NodeDraft } from '../parse/node-draft.js';
import { strataVersion } from '../version.js';
import { openProject, templateTarget, type OpenProject } from './open-project.js';
import type { ProjectOptions, SelectionOptions } from './options.js';

export interface LoadedManifest {
  readonly open: OpenProject;
  readonly parsed: ParsedProject;
  /** unique_ids selected by the selection flags. */
  readonly selected: Set<string>;
  /** Column lineage of every model, when the SQL was checked (`validate`). */
  readonly columnLineage?: ProjectColumnLineage;
}

/**
 * load → parse → select: what compile, ls, run, test and build all start with. Warnings go to
 * the reporter; errors (project, config, compile, cycle) are thrown together.
 */
export async function loadManifest(
  options: ProjectOptions &
    SelectionOptions & {
      database?: TemplateDatabase;
      isIncremental?: (draft: NodeDraft) => boolean;
      open?: OpenProject;
      /** The command's own resource types (run: models; seed: seeds; test: tests). */
      defaultResourceTypes?: readonly ResourceType[];
      /** `--state`: an earlier run, for `state:` / `result:` selection and `--defer`. */
      state?: PreviousState;
      /** `--defer` with `--state`: refs to unselected nodes read the state's relations. */
      defer?: DeferralOptions;
      /** Parse the compiled SQL with PostgreSQL's parser (syntax, missing columns, lineage); `--no-validate` turns it off. */
      validate?: boolean;
      /** `--empty`: refs and sources read no rows (dbt's limit 0). */
      empty?: boolean;
    },
): Promise<LoadedManifest> {
  // PostgreSQL's parser is WebAssembly that takes a while to compile: start now, so it compiles on
  // V8's background threads while this one parses the project. A failure shows when the check uses it.
  if (options.validate) void import('../sql/parser.js').then((sql) => sql.loadSqlParser()).catch(() => undefined);
  const open = options.open ?? (await openProject(options));
  for (const warning of open.warnings) options.reporter.report({ kind: 'warning', message: warning.message, file: warning.location?.file, line: warning.location?.line });
  const parseOptions = {
    project: open.project,
    target: open.target,
    templateTarget: templateTarget(open.target),
    cliVars: open.cliVars,
    env: options.env,
    strataVersion: strataVersion(),
    database: options.database,
    isIncremental: options.isIncremental,
    log: (message: string) => options.reporter.report({ kind: 'info', message }),
    warn: (message: string) => options.reporter.report({ kind: 'warning', message }),
    flags: options.templateFlags,
    emptyInputs: options.empty,
  };
  let parsed = await parseProject(parseOptions);
  for (const warning of parsed.warnings) options.reporter.report({ kind: 'warning', message: warning.message, file: warning.location?.file, line: warning.location?.line });
  // Throws on a cycle (the adjacency lists it checks are cached for selection).
  assertAcyclic(parsed.manifest);
  const selectors = await loadSelectorsFile(open.projectDir);
  const resourceTypes = (options.resourceTypes as ResourceType[] | undefined) ?? options.defaultResourceTypes;
  const selection = selectNodes(parsed.manifest, {
    select: options.select,
    exclude: options.exclude,
    selector: options.selector,
    selectors,
    resourceTypes,
    indirectSelection: options.indirectSelection,
    state: options.state,
  });
  for (const message of selection.warnings) options.reporter.report({ kind: 'warning', message });
  if (options.defer) {
    if (!options.state?.manifest) throw new ConfigError('--defer needs --state <dir> holding a manifest.json', { hint: "Pass the production run's target/ directory with --state." });
    const deferred = await deferredRelations(parsed.manifest, selection.selected, options.state.manifest, options.defer);
    if (deferred.size > 0) {
      // Render again with refs to the deferred nodes pointing at the state's relations.
      parsed = await parseProject({ ...parseOptions, deferredRelation: (id) => deferred.get(id) });
      options.reporter.report({ kind: 'info', message: `Deferred ${deferred.size} unselected node${deferred.size === 1 ? '' : 's'} to the state's relations` });
    }
  }
  const columnLineage = options.validate ? await checkProjectSql(parsed.manifest, selection.selected) : undefined;
  return { open, parsed, selected: selection.selected, columnLineage };
}
