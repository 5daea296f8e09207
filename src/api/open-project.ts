import path from 'node:path';
import { loadProject } from '../config/load-project.js';
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
  const loaded = await loadProject(projectDir, { render: jinjaConfigRenderer({ env: options.env, allowSecrets: false, vars: cliVars }) });
  const project = loaded.value;
  const resolved = await resolveTarget({
    projectDir,
    profilesDir: options.profilesDir,
    env: options.env,
    profile: project.profile,
    target: options.target,
    render: jinjaConfigRenderer({ env: options.env, allowSecrets: true, vars: cliVars }),
  });
  const target = options.threads ? { ...resolved.value.target, threads: options.threads } : resolved.value.target;
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
