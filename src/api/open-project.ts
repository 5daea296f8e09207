import path from 'node:path';
import { findProjectFile, parseProjectFile, profileNameOf } from '../config/load-project.js';
import { displayPath } from '../config/display-path.js';
import { readYamlFile } from '../config/yaml-file.js';
import type { ProjectConfig } from '../config/project-config.js';
import { resolveTarget } from '../config/resolve-target.js';
import { parseCliVars } from '../config/vars.js';
import type { TargetConfig } from '../config/target.js';
import type { ConfigWarning } from '../config/warnings.js';
import { jinjaConfigRenderer } from './config-renderer.js';
import type { ProjectOptions } from './options.js';

/** A project with its connection target chosen: what every command starts from. */
export interface OpenProject {
  readonly projectDir: string;
  readonly project: ProjectConfig;
  readonly target: TargetConfig;
  /** `--vars`, parsed. */
  readonly cliVars: Readonly<Record<string, unknown>>;
  /** Absolute target directory (`target/`). */
  readonly targetDir: string;
  readonly builtinTarget: boolean;
  readonly warnings: readonly ConfigWarning[];
}

/** Loads the project file and picks the target from profiles.yml (or the built-in embedded one). */
export async function openProject(options: ProjectOptions): Promise<OpenProject> {
  const projectDir = path.resolve(options.projectDir);
  const cliVars = parseCliVars(options.vars);
  // The target first, from the profile the project file names: the project file may use `target`
  // (`+schema: "{{ 'x' if target.name == 'prod' else 'y' }}"`), as dbt_project.yml may.
  const projectFile = await findProjectFile(projectDir);
  const yamlFile = await readYamlFile(projectFile, displayPath(projectFile, projectDir));
  const projectRender = (extra?: Record<string, unknown>) => jinjaConfigRenderer({ env: options.env, allowSecrets: false, vars: cliVars, extra });
  const resolved = await resolveTarget({
    projectDir,
    profilesDir: options.profilesDir,
    env: options.env,
    profile: await profileNameOf(yamlFile, projectRender()),
    target: options.target,
    render: jinjaConfigRenderer({ env: options.env, allowSecrets: true, vars: cliVars }),
  });
  const target = options.threads ? { ...resolved.value.target, threads: options.threads } : resolved.value.target;
  const loaded = await parseProjectFile(yamlFile, { projectRoot: projectDir, projectFile, render: projectRender({ target: templateTarget(target) }) });
  const project = loaded.value;
  return {
    projectDir,
    project,
    target,
    cliVars,
    targetDir: path.resolve(projectDir, project.target_path),
    builtinTarget: resolved.value.builtin,
    warnings: [...loaded.warnings, ...resolved.warnings],
  };
}

/** `target` as templates see it: dbt's keys, never the password. */
export function templateTarget(target: TargetConfig): Record<string, unknown> {
  const common = {
    name: target.name,
    target_name: target.name,
    profile_name: target.profile,
    schema: target.schema,
    database: target.database,
    dbname: target.database,
    threads: target.threads,
  };
  if (target.type === 'pglite') return { ...common, type: 'postgres', adapter: 'pglite', path: target.path };
  return { ...common, type: 'postgres', host: target.host, port: target.port, user: target.user };
}
