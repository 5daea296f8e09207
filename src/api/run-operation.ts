import { openAdapter } from '../adapters/open-adapter.js';
import { parseCliVars } from '../config/vars.js';
import { ConfigError, ConnectionError, ExitCode, StrataError } from '../errors/strata-error.js';
import { liveTemplateDatabase } from '../execute/live-template-database.js';
import { bindMacro } from '../jinja/dbt/macro-layer.js';
import type { MacroEntry, MacroRegistry } from '../jinja/dbt/macro-registry.js';
import { Kwargs } from '../jinja/runtime/values.js';
import { closestNames } from '../parse/closest-names.js';
import { loadManifest } from './load-manifest.js';
import { openProject } from './open-project.js';
import type { ProjectOptions } from './options.js';

export interface RunOperationOptions extends ProjectOptions {
  /** The macro to call: `name` (the project's, then a package's, then a built-in) or `package.name`. */
  readonly macro?: string;
  /** `--args`: the macro's keyword arguments as a YAML mapping. */
  readonly args?: string;
  /** `--sql`: SQL (with Jinja) to render and run instead of a macro. */
  readonly sql?: string;
}

export interface RunOperationOutcome {
  /** `operation.<project>.<macro>`, or `operation.<project>.sql_operation` for --sql. */
  readonly uniqueId: string;
  /** The macro's own file (`macros/grants.sql`), or `--sql`. */
  readonly file: string;
  readonly elapsedSeconds: number;
}

/**
 * `strata run-operation`: calls a macro with `--args` (or renders and runs `--sql`) with the
 * database at hand, as dbt does: `run_query`, `statement` blocks and `adapter` reach the target,
 * `ref` and `source` name the project's relations, `log(..., info=True)` prints. Each statement
 * commits on its own, so VACUUM and friends work; a macro that wants one transaction says
 * `begin` and `commit` (all its statements share one session). What the macro returns is not run.
 * A failing macro throws a StrataError with exit code 1.
 */
export async function runOperation(options: RunOperationOptions): Promise<RunOperationOutcome> {
  if ((options.macro === undefined) === (options.sql === undefined)) {
    throw new ConfigError(options.macro === undefined ? 'run-operation needs a macro name or --sql' : 'run-operation takes a macro name or --sql, not both', {
      hint: "strata run-operation grant_select --args '{role: reporter}', or strata run-operation --sql 'vacuum analyze {{ ref(\"orders\") }}'",
    });
  }
  if (options.sql !== undefined && options.args !== undefined) throw new ConfigError('--args goes with a macro name, not with --sql');
  const args = parseCliVars(options.args, '--args');
  const started = Date.now();
  const open = await openProject(options);
  const loaded = await loadManifest({ ...options, open, validate: false, defaultResourceTypes: [] });
  const { parsed } = loaded;
  const projectName = parsed.manifest.metadata.project_name ?? open.project.name;
  const macro = options.macro === undefined ? undefined : findMacro(parsed.registry, options.macro);
  const name = macro?.name ?? 'sql_operation';
  const uniqueId = `operation.${projectName}.${name}`;
  const file = macro?.file ?? '--sql';

  const adapter = await openAdapter(open.target, { projectDir: open.projectDir, applicationName: `strata run-operation ${name}` });
  try {
    // Connect first: an unreachable database is exit 3, not a failed operation.
    await adapter.serverVersion();
    options.reporter.report({ kind: 'info', message: `Running ${macro ? `macro ${macro.packageName}.${macro.name}` : 'the --sql operation'} on target ${open.target.name} (${open.target.type})` });
    const live = { database: liveTemplateDatabase(adapter), isIncremental: false };
    // One session for the whole operation, so a macro's own begin … commit holds together.
    await adapter.withConnection(async (connection) => {
      try {
        const { sql } = await parsed.session.renderAdHoc({
          uniqueId,
          name,
          file: { path: file, original_file_path: file, absolute_path: file },
          live,
          render: async (context) => {
            if (macro) {
              await (bindMacro(context, macro) as (...a: unknown[]) => Promise<unknown>)(new Kwargs(args));
              return '';
            }
            return parsed.environment.compile(options.sql!, '--sql').render(context);
          },
        });
        if (!macro && sql.trim() !== '') await connection.query(sql);
      } catch (error) {
        throw operationFailed(error, macro ? `macro ${macro.name}` : 'the --sql operation', file);
      }
    });
  } finally {
    await adapter.close();
  }
  const elapsedSeconds = (Date.now() - started) / 1000;
  options.reporter.report({ kind: 'info', message: `Done in ${elapsedSeconds.toFixed(2)}s` });
  return { uniqueId, file, elapsedSeconds };
}

/** dbt's lookup: `package.name` in that package; a bare name in the project, then packages, then built-ins. */
function findMacro(registry: MacroRegistry, spelled: string): MacroEntry {
  const dot = spelled.indexOf('.');
  const [packageName, name] = dot === -1 ? [undefined, spelled] : [spelled.slice(0, dot), spelled.slice(dot + 1)];
  const found = packageName === undefined ? registry.resolve(name) : registry.get(packageName, name);
  if (found) return found;
  const known = packageName === undefined ? [...registry.visible().keys()] : [...registry.inPackage(packageName).keys()].map((n) => `${packageName}.${n}`);
  const suggestions = closestNames(spelled, known);
  throw new ConfigError(`no macro named '${spelled}'${packageName !== undefined && registry.inPackage(packageName).size === 0 ? ` (no package '${packageName}')` : ''}`, {
    hint: suggestions.length ? `Did you mean ${suggestions.map((s) => `'${s}'`).join(', ')}?` : 'Macros live in the macros/ folder of the project or of an installed package.',
  });
}

/** An error of the operation as the failure of the operation (exit 1), keeping where it happened; a lost database stays exit 3. */
function operationFailed(error: unknown, what: string, file: string): Error {
  if (error instanceof ConnectionError) return error;
  if (error instanceof StrataError) {
    return new StrataError('operation_failed', `${what} failed: ${error.message}`, { location: error.location ?? { file }, hint: error.hint, frame: error.frame, cause: error }, ExitCode.nodeFailed);
  }
  return new StrataError('operation_failed', `${what} failed: ${error instanceof Error ? error.message : String(error)}`, { location: { file }, cause: error }, ExitCode.nodeFailed);
}
